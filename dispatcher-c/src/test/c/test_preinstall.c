/*
 * Where the card's preinstall directory is, for a ctest executable: these definitions of open()
 * and dlopen() interpose libc's for the dlopen'ed dispatcher (the executable exports them with
 * -rdynamic) and redirect the card's directory, AICPU_PREINSTALL_DIR, to test_preinstall_dir. The
 * simulator's AICPU OS does the same with its chip's directory, so the shipped dispatcher needs no
 * test hook. The dispatcher opens the directory once by path (and does everything else relative to
 * it) and dlopens a published runtime by its path.
 */
#include <dlfcn.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "aicpu_device.h"

#define EXPORT __attribute__((visibility("default")))

const char *test_preinstall_dir;

/* path, or its redirection into mapped when it names the card's directory or something in it. */
static const char *redirect(const char *path, char *mapped, size_t cap) {
  const size_t n = strlen(AICPU_PREINSTALL_DIR) - 1u; /* without the trailing slash */
  if (test_preinstall_dir == NULL || strncmp(path, AICPU_PREINSTALL_DIR, n) != 0 ||
      (path[n] != '\0' && path[n] != '/')) {
    return path;
  }
  snprintf(mapped, cap, "%s%s", test_preinstall_dir, path + n);
  return mapped;
}

EXPORT int open(const char *path, int flags, ...) {
  mode_t mode = 0;
  if (flags & (O_CREAT | O_TMPFILE)) {
    va_list ap;
    va_start(ap, flags);
    mode = va_arg(ap, mode_t);
    va_end(ap);
  }
  char mapped[4096];
  return (int)syscall(SYS_openat, AT_FDCWD, redirect(path, mapped, sizeof mapped), flags, mode);
}

EXPORT void *dlopen(const char *path, int flags) {
  static void *(*real)(const char *, int);
  if (real == NULL) {
    void *sym = dlsym(RTLD_NEXT, "dlopen");
    memcpy(&real, &sym, sizeof real);
  }
  char mapped[4096];
  return real(path == NULL ? NULL : redirect(path, mapped, sizeof mapped), flags);
}
