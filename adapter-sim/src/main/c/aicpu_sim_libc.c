/*
 * The AICPU OS's libc interposers: the card's paths, and fault injection.
 *
 * Symbols defined in the main executable come first in the global lookup scope, so these
 * definitions interpose libc's for every device SO dlopen'ed later (device SOs are opened
 * without RTLD_DEEPBIND for that reason). They are the only functions besides the device symbols
 * that the executable exports (docs/ABI.md "Device environment"), and all are libc's own names.
 *
 * The card's paths: device code names the preinstall directory as it does on a card,
 * /usr/lib64/aicpu_kernels/0/aicpu_kernels_device/ (and the kernel root /usr/lib64/aicpu_kernels/);
 * each wrapper below that takes a path redirects those two to the chip's directories, so a device
 * SO needs no simulator-only symbol to find them (the dispatcher, upstream's and ours, writes and
 * dlopens there by its card path).
 *
 * Faults: each wrapper fails only for paths inside the chip's preinstall directory while the
 * matching fault switch is on, and forwards to libc otherwise. This works as root, where chmod
 * alone would not deny anything.
 *
 * disk full        -> write/fwrite/fsync fail with ENOSPC
 * permission denied-> open/openat/fopen for writing/creating and rename/renameat fail with EACCES
 *                     (paths relative to a directory fd included)
 * torn write       -> write/fwrite store only the first half but report full success
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "aicpu_sim_device.h"
#include "aicpu_sim_os.h"

uint32_t g_sim_faults;
char g_sim_preinstall_real[4096];

#define CARD_KERNEL_ROOT "/usr/lib64/aicpu_kernels"
#define CARD_PREINSTALL CARD_KERNEL_ROOT "/0/aicpu_kernels_device"

/* What follows prefix in path when path is prefix or lies below it, else NULL. */
static const char *below(const char *path, const char *prefix) {
  size_t n = strlen(prefix);
  if (strncmp(path, prefix, n) != 0 || (path[n] != '\0' && path[n] != '/')) {
    return NULL;
  }
  return path + n;
}

/* path on the chip: the card's preinstall directory and kernel root are the chip's. */
static const char *chip_path(const char *path, char *buf, size_t cap) {
  const char *rest;
  if (path == NULL) {
    return NULL;
  }
  if ((rest = below(path, CARD_PREINSTALL)) != NULL) {
    snprintf(buf, cap, "%s%s", g_sim_preinstall_real, rest);
    return buf;
  }
  if ((rest = below(path, CARD_KERNEL_ROOT)) != NULL) {
    snprintf(buf, cap, "%s%s", g_kernel_root, rest);
    return buf;
  }
  return path;
}

/* Declares `mapped`, the chip's version of the path argument `path`. */
#define CHIP_PATH(mapped, path) \
  char mapped##_buf[PATH_MAX];   \
  const char *mapped = chip_path(path, mapped##_buf, sizeof mapped##_buf)

/* libc's definition of name, for wrappers that forward through it. */
static void *next_symbol(const char *name) {
  void *sym = dlsym(RTLD_NEXT, name);
  if (sym == NULL) {
    abort(); /* a libc function missing from libc */
  }
  return sym;
}

/* Declares real_<name>, libc's <name>, of function type <name>_fn. */
#define FORWARD(name)                       \
  static name##_fn *real_##name;            \
  if (real_##name == NULL) {                \
    void *sym = next_symbol(#name);         \
    memcpy(&real_##name, &sym, sizeof sym); \
  }

typedef int stat_fn(const char *, struct stat *);
typedef int lstat_fn(const char *, struct stat *);
typedef DIR *opendir_fn(const char *);
typedef void *dlopen_fn(const char *, int);

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

/*
 * A write of device memory to a regular file (the dispatcher publishing a runtime SO) goes from the
 * device memory file through sendfile: the same bytes (the mapping at g_mem_base is that file,
 * MAP_SHARED), at the same file offset, with write's result. Through the mapping, this process's
 * first touch of each page costs a page-table fill, on a VM an expensive one (256 MiB: 0.5-0.8 s
 * against 0.06-0.11 s, docs/PERFORMANCE.md); a card's AICPU reads its device memory without that
 * cost. Small writes, other fds, and a snapshot child's private view write as they are.
 * Returns -2 when the write is not one of these.
 */
#define DEVICE_MEMORY_SENDFILE_MIN (64u * 1024u)

static ssize_t write_from_device_memory(int fd, const void *buf, size_t count) {
  const uintptr_t p = (uintptr_t)buf;
  const uintptr_t base = (uintptr_t)g_mem_base;
  if (count < DEVICE_MEMORY_SENDFILE_MIN || !__atomic_load_n(&g_mem_file_view, __ATOMIC_ACQUIRE) ||
      p < base || p - base > g_mem_size || count > g_mem_size - (p - base)) {
    return -2;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || (fcntl(fd, F_GETFL) & O_APPEND) != 0) {
    return -2;
  }
  off_t offset = (off_t)(p - base);
  const ssize_t n = sendfile(fd, g_mem_fd, &offset, count);
  if (n < 0 && (errno == EINVAL || errno == ENOSYS || errno == EOPNOTSUPP)) {
    return -2; /* this file cannot take sendfile: write() decides */
  }
  return n;
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
    default: {
      const int saved = errno;
      const ssize_t n = write_from_device_memory(fd, buf, count);
      if (n != -2) {
        return n;
      }
      errno = saved;
      return syscall(SYS_write, fd, buf, count);
    }
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
  CHIP_PATH(p, path);
  return do_open(AT_FDCWD, p, flags, mode);
}

AICPU_SIM_EXPORT int open64(const char *path, int flags, ...) {
  READ_MODE(flags, mode);
  CHIP_PATH(p, path);
  return do_open(AT_FDCWD, p, flags, mode);
}

AICPU_SIM_EXPORT int openat(int dirfd, const char *path, int flags, ...) {
  READ_MODE(flags, mode);
  CHIP_PATH(p, path);
  return do_open(dirfd, p, flags, mode);
}

AICPU_SIM_EXPORT int creat(const char *path, mode_t mode) {
  CHIP_PATH(p, path);
  return do_open(AT_FDCWD, p, O_CREAT | O_WRONLY | O_TRUNC, mode);
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
  CHIP_PATH(p, path);
  return do_fopen("fopen", p, mode);
}

AICPU_SIM_EXPORT FILE *fopen64(const char *path, const char *mode) {
  CHIP_PATH(p, path);
  return do_fopen("fopen64", p, mode);
}

AICPU_SIM_EXPORT int rename(const char *old_arg, const char *new_arg) {
  CHIP_PATH(oldpath, old_arg);
  CHIP_PATH(newpath, new_arg);
  if ((faults() & AICPU_SIM_FAULT_PERMISSION_DENIED) &&
      (aicpu_sim_in_preinstall(oldpath) || aicpu_sim_in_preinstall(newpath))) {
    errno = EACCES;
    return -1;
  }
  return (int)syscall(SYS_renameat, AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

AICPU_SIM_EXPORT int renameat(int olddirfd, const char *old_arg, int newdirfd,
                              const char *new_arg) {
  CHIP_PATH(oldpath, old_arg);
  CHIP_PATH(newpath, new_arg);
  if ((faults() & AICPU_SIM_FAULT_PERMISSION_DENIED) &&
      (at_in_preinstall(olddirfd, oldpath) || at_in_preinstall(newdirfd, newpath))) {
    errno = EACCES;
    return -1;
  }
  return (int)syscall(SYS_renameat, olddirfd, oldpath, newdirfd, newpath);
}

/* ---- the card's paths only (no fault applies) ---------------------------------------------- */

AICPU_SIM_EXPORT int chmod(const char *path, mode_t mode) {
  CHIP_PATH(p, path);
  return (int)syscall(SYS_fchmodat, AT_FDCWD, p, mode);
}

AICPU_SIM_EXPORT int unlink(const char *path) {
  CHIP_PATH(p, path);
  return (int)syscall(SYS_unlinkat, AT_FDCWD, p, 0);
}

AICPU_SIM_EXPORT int unlinkat(int dirfd, const char *path, int flags) {
  CHIP_PATH(p, path);
  return (int)syscall(SYS_unlinkat, dirfd, p, flags);
}

AICPU_SIM_EXPORT int mkdir(const char *path, mode_t mode) {
  CHIP_PATH(p, path);
  return (int)syscall(SYS_mkdirat, AT_FDCWD, p, mode);
}

AICPU_SIM_EXPORT int access(const char *path, int amode) {
  CHIP_PATH(p, path);
  return (int)syscall(SYS_faccessat, AT_FDCWD, p, amode);
}

AICPU_SIM_EXPORT int stat(const char *restrict path, struct stat *restrict st) {
  CHIP_PATH(p, path);
  FORWARD(stat);
  return real_stat(p, st);
}

AICPU_SIM_EXPORT int lstat(const char *restrict path, struct stat *restrict st) {
  CHIP_PATH(p, path);
  FORWARD(lstat);
  return real_lstat(p, st);
}

AICPU_SIM_EXPORT DIR *opendir(const char *path) {
  CHIP_PATH(p, path);
  FORWARD(opendir);
  return real_opendir(p);
}

/* Absolute paths only reach here in practice; the caller's RUNPATH is not consulted for them. */
AICPU_SIM_EXPORT void *dlopen(const char *path, int flags) {
  CHIP_PATH(p, path);
  FORWARD(dlopen);
  return real_dlopen(p, flags);
}
