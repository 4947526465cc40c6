#define _GNU_SOURCE
#include "publish.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <inttypes.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "aicpu_card_glibc.h"
#include "aicpu_dispatcher.h"
#include "dlog.h"
#include "fingerprint.h"

#if defined(__aarch64__)
#define AICPU_EXPECTED_MACHINE 183u /* EM_AARCH64 */
#elif defined(__x86_64__)
#define AICPU_EXPECTED_MACHINE 62u /* EM_X86_64 */
#else
#error "the dispatcher is built for aarch64 (device) or x86_64 (simulator) only"
#endif

#define COMPARE_CHUNK (64u * 1024u)
#define WRITE_CHUNK (1u << 30)
#define TMP_ATTEMPTS 16
#define TMP_PREFIX ".simpler_inner_"
#define TMP_MARK ".so.tmp."

static atomic_uint g_tmp_sequence;

uint32_t aicpu_validate_runtime(const void *bytes, uint64_t len) {
  if (bytes == NULL) {
    return AICPU_E_INNER_NULL;
  }
  if (len == 0) {
    return AICPU_E_INNER_EMPTY;
  }
  if (len > AICPU_MAX_RUNTIME_SO_BYTES) {
    return AICPU_E_INNER_TOO_LARGE;
  }
  const unsigned char *b = bytes;
  if (len < 64u || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' ||
      b[4] != 2 /* ELFCLASS64 */ || b[5] != 1 /* ELFDATA2LSB */ ||
      aicpu_le_u16(b + 16) != 3 /* ET_DYN */) {
    return AICPU_E_NOT_ELF64_SO;
  }
  if (aicpu_le_u16(b + 18) != AICPU_EXPECTED_MACHINE) {
    return AICPU_E_WRONG_MACHINE;
  }
  return AICPU_DISPATCH_OK;
}

static const char *validation_reason(uint32_t rc) {
  switch (rc) {
    case AICPU_E_INNER_NULL:
      return "inner_so_bin is null";
    case AICPU_E_INNER_EMPTY:
      return "inner_so_len is 0";
    case AICPU_E_INNER_TOO_LARGE:
      return "inner_so_len exceeds AICPU_MAX_RUNTIME_SO_BYTES (256 MiB)";
    case AICPU_E_NOT_ELF64_SO:
      return "the bytes are not an ELF64 little-endian shared object";
    default:
      return "the ELF machine is not the dispatcher's (wrong-architecture build)";
  }
}

static int write_all(int fd, const unsigned char *p, uint64_t len) {
  while (len > 0) {
    const size_t chunk = len > WRITE_CHUNK ? WRITE_CHUNK : (size_t)len;
    const ssize_t n = write(fd, p, chunk);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (n == 0) {
      errno = EIO;
      return -1;
    }
    p += n;
    len -= (uint64_t)n;
  }
  return 0;
}

static int fsync_retry(int fd) {
  int rc;
  do {
    rc = fsync(fd);
  } while (rc != 0 && errno == EINTR);
  return rc;
}

/* 1: same bytes, 0: different, -1: read error (errno set). */
static int same_content(int fd, const unsigned char *bytes, uint64_t len) {
  unsigned char buf[COMPARE_CHUNK];
  uint64_t done = 0;
  while (done < len) {
    const size_t want = len - done > sizeof buf ? sizeof buf : (size_t)(len - done);
    const ssize_t n = read(fd, buf, want);
    if (n < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    if (n == 0) {
      return 0; /* shorter than its stat size: changed under us, treat as different */
    }
    if (memcmp(buf, bytes + done, (size_t)n) != 0) {
      return 0;
    }
    done += (uint64_t)n;
  }
  return 1;
}

/*
 * Looks at the final name without following it. A symlink or anything but a regular file there is
 * refused: it is not ours to replace, and refusing keeps every write inside the directory.
 * Returns 0 with *identical set, or a failure code.
 */
static uint32_t inspect_existing(int dirfd, const char *name, const char *path,
                                 const unsigned char *bytes, uint64_t len, int *identical) {
  struct stat st;
  *identical = 0;
  if (aicpu_fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
    if (errno == ENOENT) {
      return AICPU_DISPATCH_OK;
    }
    AICPU_LOG_ERROR("stat %s failed: %s (errno %d)", path, strerror(errno), errno);
    return AICPU_E_EXISTING_READ;
  }
  if (!S_ISREG(st.st_mode)) {
    AICPU_LOG_ERROR("refusing to replace %s: it is a %s, not a regular file (errno 0)", path,
                    S_ISLNK(st.st_mode) ? "symbolic link" : "non-regular file");
    return AICPU_E_FINAL_NOT_REGULAR;
  }
  if ((uint64_t)st.st_size != len) {
    return AICPU_DISPATCH_OK;
  }
  const int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP) {
      AICPU_LOG_ERROR("refusing to replace %s: it became a symbolic link (errno %d)", path, errno);
      return AICPU_E_FINAL_NOT_REGULAR;
    }
    AICPU_LOG_ERROR("open %s to compare failed: %s (errno %d)", path, strerror(errno), errno);
    return AICPU_E_EXISTING_READ;
  }
  const int same = same_content(fd, bytes, len);
  const int saved = errno;
  (void)close(fd);
  if (same < 0) {
    AICPU_LOG_ERROR("read %s to compare failed: %s (errno %d)", path, strerror(saved), saved);
    return AICPU_E_EXISTING_READ;
  }
  *identical = same;
  return AICPU_DISPATCH_OK;
}

/*
 * The pid a temporary name of ours (".simpler_inner_<...>.so.tmp.<pid>.<seq>.<ns>") was created
 * by, or -1 when the name is not one of ours.
 */
static long tmp_owner(const char *name) {
  if (strncmp(name, TMP_PREFIX, sizeof TMP_PREFIX - 1) != 0) {
    return -1;
  }
  const char *mark = strstr(name, TMP_MARK);
  if (mark == NULL) {
    return -1;
  }
  const char *digits = mark + sizeof TMP_MARK - 1;
  char *end = NULL;
  errno = 0;
  const long pid = strtol(digits, &end, 10);
  if (errno != 0 || end == digits || *end != '.' || pid <= 0) {
    return -1;
  }
  return pid;
}

/*
 * Removes the temporary files a publisher killed mid-write left behind (SIGKILL, a crash, a power
 * cut: nothing of ours ran to unlink them). A temporary is stale when the process named in it no
 * longer exists (kill(pid, 0) fails with ESRCH); temporaries of live processes, including this
 * one's other threads, are in flight and kept. A recycled pid keeps a stale temporary until that
 * process is gone too: harmless, the name is never reused. Only regular files are removed, and
 * only by name inside dirfd. Best effort: a failure here never fails the publish.
 */
static void remove_stale_tmps(int dirfd, const char *dir) {
  const int scan = dup(dirfd);
  if (scan < 0) {
    return;
  }
  DIR *d = fdopendir(scan);
  if (d == NULL) {
    (void)close(scan);
    return;
  }
  const long self = (long)getpid();
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    const long pid = tmp_owner(e->d_name);
    if (pid < 0 || pid == self || (pid_t)pid != pid) {
      continue;
    }
    if (kill((pid_t)pid, 0) == 0 || errno != ESRCH) {
      continue; /* alive (EPERM: alive under another user) */
    }
    struct stat st;
    if (aicpu_fstatat(dirfd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
      continue;
    }
    if (unlinkat(dirfd, e->d_name, 0) == 0) {
      AICPU_LOG_INFO("Init: removed %s/%s, a temporary left by process %ld, which is gone", dir,
                     e->d_name, pid);
    } else if (errno != ENOENT) {
      AICPU_LOG_WARN("Init: cannot remove the stale temporary %s/%s: %s (errno %d)", dir,
                     e->d_name, strerror(errno), errno);
    }
  }
  (void)closedir(d);
}

static int create_tmp(int dirfd, const char *name, char *tmp, size_t tmp_cap) {
  for (int attempt = 0; attempt < TMP_ATTEMPTS; ++attempt) {
    struct timespec now;
    (void)clock_gettime(CLOCK_MONOTONIC, &now);
    const unsigned seq = atomic_fetch_add(&g_tmp_sequence, 1u);
    const int n = snprintf(tmp, tmp_cap, ".%s.tmp.%ld.%u.%ld", name, (long)getpid(), seq,
                           (long)now.tv_nsec);
    if (n < 0 || (size_t)n >= tmp_cap) {
      errno = ENAMETOOLONG;
      return -1;
    }
    const int fd =
        openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd >= 0 || errno != EEXIST) {
      return fd;
    }
  }
  errno = EEXIST;
  return -1;
}

/* Writes the temporary file completely and durably, mode 0755. On failure it is removed. */
static uint32_t write_tmp(int dirfd, int fd, const char *dir, const char *tmp,
                          const unsigned char *bytes, uint64_t len) {
  uint32_t rc = AICPU_DISPATCH_OK;
  const char *what = NULL;
  if (write_all(fd, bytes, len) != 0) {
    rc = AICPU_E_WRITE;
    what = "write";
  } else if (fsync_retry(fd) != 0) {
    rc = AICPU_E_FSYNC;
    what = "fsync";
  } else if (fchmod(fd, 0755) != 0) {
    rc = AICPU_E_CHMOD;
    what = "fchmod 0755";
  }
  const int saved = errno;
  if (close(fd) != 0 && errno != EINTR && rc == AICPU_DISPATCH_OK) {
    rc = AICPU_E_CLOSE;
    what = "close";
  } else {
    errno = saved;
  }
  if (rc != AICPU_DISPATCH_OK) {
    const int err = errno;
    (void)unlinkat(dirfd, tmp, 0);
    AICPU_LOG_ERROR("%s %s/%s failed: %s (errno %d)", what, dir, tmp, strerror(err), err);
  }
  return rc;
}

uint32_t aicpu_publish_runtime(const char *dir, uint64_t device_id, const void *bytes,
                               uint64_t len, struct aicpu_publish_result *out) {
  out->fingerprint = 0;
  out->kept_existing = 0;
  out->path[0] = '\0';
  uint32_t rc = aicpu_validate_runtime(bytes, len);
  if (rc != AICPU_DISPATCH_OK) {
    AICPU_LOG_ERROR("Init: refusing runtime SO for device %" PRIu64 " in %s: %s (len %" PRIu64
                    ", errno 0)",
                    device_id, dir, validation_reason(rc), len);
    return rc;
  }
  out->fingerprint = aicpu_fingerprint(bytes, (size_t)len);
  char name[96];
  (void)snprintf(name, sizeof name, "simpler_inner_%016" PRIx64 "_%" PRIu64 ".so",
                 out->fingerprint, device_id);
  const size_t dlen = strlen(dir);
  const char *sep = (dlen > 0 && dir[dlen - 1] == '/') ? "" : "/";
  const int n = snprintf(out->path, sizeof out->path, "%s%s%s", dir, sep, name);
  if (n < 0 || (size_t)n >= sizeof out->path) {
    AICPU_LOG_ERROR("Init: path %s%s%s is longer than PATH_MAX (errno %d)", dir, sep, name,
                    ENAMETOOLONG);
    out->path[0] = '\0';
    return AICPU_E_PATH_TOO_LONG;
  }
  const int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) {
    AICPU_LOG_ERROR("Init: cannot open preinstall directory %s to publish %s: %s (errno %d)",
                    dir, out->path, strerror(errno), errno);
    return AICPU_E_DIR_OPEN;
  }
  remove_stale_tmps(dirfd, dir);
  int identical = 0;
  rc = inspect_existing(dirfd, name, out->path, bytes, len, &identical);
  if (rc != AICPU_DISPATCH_OK || identical) {
    out->kept_existing = identical;
    (void)close(dirfd);
    return rc;
  }
  char tmp[sizeof name + 64];
  const int fd = create_tmp(dirfd, name, tmp, sizeof tmp);
  if (fd < 0) {
    AICPU_LOG_ERROR("Init: cannot create a temporary file in %s for %s: %s (errno %d)", dir,
                    name, strerror(errno), errno);
    (void)close(dirfd);
    return AICPU_E_TMP_CREATE;
  }
  rc = write_tmp(dirfd, fd, dir, tmp, bytes, len);
  if (rc == AICPU_DISPATCH_OK && renameat(dirfd, tmp, dirfd, name) != 0) {
    const int err = errno;
    (void)unlinkat(dirfd, tmp, 0);
    AICPU_LOG_ERROR("Init: rename %s/%s -> %s failed: %s (errno %d)", dir, tmp, out->path,
                    strerror(err), err);
    rc = AICPU_E_RENAME;
  }
  /* Make the rename durable. EINVAL: the filesystem cannot sync directories; nothing to do. */
  if (rc == AICPU_DISPATCH_OK && fsync_retry(dirfd) != 0 && errno != EINVAL) {
    AICPU_LOG_ERROR("Init: %s is in place but fsync of %s failed: %s (errno %d)", out->path, dir,
                    strerror(errno), errno);
    rc = AICPU_E_FSYNC_DIR;
  }
  (void)close(dirfd);
  return rc;
}
