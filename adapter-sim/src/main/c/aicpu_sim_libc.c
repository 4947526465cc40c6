/*
 * Fault injection for the preinstall filesystem.
 *
 * Symbols defined in the main executable come first in the global lookup scope, so these
 * definitions interpose libc's for every device SO dlopen'ed later (device SOs are opened
 * without RTLD_DEEPBIND for that reason). Each wrapper fails only for paths inside the chip's
 * preinstall directory while the matching fault switch is on, and forwards to libc otherwise.
 * This works as root, where chmod alone would not deny anything.
 *
 * disk full        -> write/fwrite/fsync fail with ENOSPC
 * permission denied-> open/openat/fopen for writing/creating and rename/renameat fail with EACCES
 *                     (paths relative to a directory fd included)
 * torn write       -> write/fwrite store only the first half but report full success
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "aicpu_sim_device.h"
#include "aicpu_sim_os.h"

uint32_t g_sim_faults;
char g_sim_preinstall_real[4096];

static uint32_t faults(void) { return __atomic_load_n(&g_sim_faults, __ATOMIC_ACQUIRE); }

static int under_dir(const char *real) {
  size_t n = strlen(g_sim_preinstall_real);
  return n > 0 && strncmp(real, g_sim_preinstall_real, n) == 0 && real[n] == '/';
}

int aicpu_sim_in_preinstall(const char *path) {
  if (path == NULL) {
    return 0;
  }
  char dir[PATH_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash == NULL) {
    snprintf(dir, sizeof dir, ".");
  } else if (slash == dir) {
    dir[1] = '\0';
  } else {
    *slash = '\0';
  }
  char real[PATH_MAX];
  if (realpath(dir, real) == NULL) {
    return 0;
  }
  size_t n = strlen(real);
  if (n + 2 >= sizeof real) {
    return 0;
  }
  real[n] = '/';
  real[n + 1] = '\0';
  return under_dir(real);
}

/* What an open fd refers to, from /proc/self/fd; 0 on success. */
static int fd_path(int fd, char *out, size_t cap) {
  char link[64];
  snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, out, cap - 1);
  if (n <= 0) {
    return -1;
  }
  out[n] = '\0';
  return 0;
}

int aicpu_sim_fd_in_preinstall(int fd) {
  char target[PATH_MAX];
  return fd_path(fd, target, sizeof target) == 0 && under_dir(target);
}

static int write_fault(int fd) {
  uint32_t f = faults();
  if ((f & (AICPU_SIM_FAULT_DISK_FULL | AICPU_SIM_FAULT_TORN_WRITE)) == 0 ||
      !aicpu_sim_fd_in_preinstall(fd)) {
    return 0;
  }
  return (f & AICPU_SIM_FAULT_DISK_FULL) ? AICPU_SIM_FAULT_DISK_FULL : AICPU_SIM_FAULT_TORN_WRITE;
}

static int creating(int flags) { return (flags & (O_WRONLY | O_RDWR | O_CREAT | O_TRUNC)) != 0; }

/*
 * Whether path, relative to dirfd as the *at() calls take it, names something in the preinstall
 * directory. A publisher that opens the directory once and creates files relative to it (the
 * real dispatcher does, with openat/renameat) must meet the same faults as one using full paths.
 */
static int at_in_preinstall(int dirfd, const char *path) {
  if (path == NULL) {
    return 0;
  }
  if (path[0] == '/' || dirfd == AT_FDCWD) {
    return aicpu_sim_in_preinstall(path);
  }
  char dir[PATH_MAX];
  if (fd_path(dirfd, dir, sizeof dir) != 0) {
    return 0;
  }
  char full[2 * PATH_MAX];
  snprintf(full, sizeof full, "%s/%s", dir, path);
  return aicpu_sim_in_preinstall(full);
}

static int deny_open(int dirfd, const char *path, int flags) {
  return (faults() & AICPU_SIM_FAULT_PERMISSION_DENIED) && creating(flags) &&
         at_in_preinstall(dirfd, path);
}

AICPU_SIM_EXPORT ssize_t write(int fd, const void *buf, size_t count) {
  switch (write_fault(fd)) {
    case AICPU_SIM_FAULT_DISK_FULL:
      errno = ENOSPC;
      return -1;
    case AICPU_SIM_FAULT_TORN_WRITE: {
      ssize_t r = syscall(SYS_write, fd, buf, count / 2);
      return r < 0 ? r : (ssize_t)count;
    }
    default:
      return syscall(SYS_write, fd, buf, count);
  }
}

AICPU_SIM_EXPORT size_t fwrite(const void *ptr, size_t size, size_t nmemb, FILE *stream) {
  static size_t (*real_fwrite)(const void *, size_t, size_t, FILE *);
  if (real_fwrite == NULL) {
    real_fwrite = (size_t(*)(const void *, size_t, size_t, FILE *))dlsym(RTLD_NEXT, "fwrite");
  }
  switch (write_fault(fileno(stream))) {
    case AICPU_SIM_FAULT_DISK_FULL:
      errno = ENOSPC;
      return 0;
    case AICPU_SIM_FAULT_TORN_WRITE: {
      size_t bytes = size * nmemb;
      fflush(stream);
      ssize_t r = syscall(SYS_write, fileno(stream), ptr, bytes / 2);
      return r < 0 ? 0 : nmemb;
    }
    default:
      return real_fwrite(ptr, size, nmemb, stream);
  }
}

AICPU_SIM_EXPORT int fsync(int fd) {
  if ((faults() & AICPU_SIM_FAULT_DISK_FULL) && aicpu_sim_fd_in_preinstall(fd)) {
    errno = ENOSPC;
    return -1;
  }
  return (int)syscall(SYS_fsync, fd);
}

static int do_open(int dirfd, const char *path, int flags, mode_t mode) {
  if (deny_open(dirfd, path, flags)) {
    errno = EACCES;
    return -1;
  }
  return (int)syscall(SYS_openat, dirfd, path, flags, mode);
}

/* open's mode argument exists only when the flags create a file. */
#define READ_MODE(flags, mode)         \
  mode_t mode = 0;                     \
  if ((flags) & (O_CREAT | O_TMPFILE)) { \
    va_list ap;                        \
    va_start(ap, flags);               \
    mode = va_arg(ap, mode_t);         \
    va_end(ap);                        \
  }

AICPU_SIM_EXPORT int open(const char *path, int flags, ...) {
  READ_MODE(flags, mode);
  return do_open(AT_FDCWD, path, flags, mode);
}

AICPU_SIM_EXPORT int open64(const char *path, int flags, ...) {
  READ_MODE(flags, mode);
  return do_open(AT_FDCWD, path, flags, mode);
}

AICPU_SIM_EXPORT int openat(int dirfd, const char *path, int flags, ...) {
  READ_MODE(flags, mode);
  return do_open(dirfd, path, flags, mode);
}

AICPU_SIM_EXPORT int creat(const char *path, mode_t mode) {
  return do_open(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

typedef FILE *(*fopen_fn)(const char *, const char *);

static FILE *do_fopen(const char *name, const char *path, const char *mode) {
  int writes = mode != NULL && (strchr(mode, 'w') || strchr(mode, 'a') || strchr(mode, '+'));
  if (writes && (faults() & AICPU_SIM_FAULT_PERMISSION_DENIED) && aicpu_sim_in_preinstall(path)) {
    errno = EACCES;
    return NULL;
  }
  fopen_fn real = (fopen_fn)dlsym(RTLD_NEXT, name);
  return real(path, mode);
}

AICPU_SIM_EXPORT FILE *fopen(const char *path, const char *mode) {
  return do_fopen("fopen", path, mode);
}

AICPU_SIM_EXPORT FILE *fopen64(const char *path, const char *mode) {
  return do_fopen("fopen64", path, mode);
}

AICPU_SIM_EXPORT int rename(const char *oldpath, const char *newpath) {
  if ((faults() & AICPU_SIM_FAULT_PERMISSION_DENIED) &&
      (aicpu_sim_in_preinstall(oldpath) || aicpu_sim_in_preinstall(newpath))) {
    errno = EACCES;
    return -1;
  }
  return (int)syscall(SYS_renameat, AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

AICPU_SIM_EXPORT int renameat(int olddirfd, const char *oldpath, int newdirfd,
                              const char *newpath) {
  if ((faults() & AICPU_SIM_FAULT_PERMISSION_DENIED) &&
      (at_in_preinstall(olddirfd, oldpath) || at_in_preinstall(newdirfd, newpath))) {
    errno = EACCES;
    return -1;
  }
  return (int)syscall(SYS_renameat, olddirfd, oldpath, newdirfd, newpath);
}
