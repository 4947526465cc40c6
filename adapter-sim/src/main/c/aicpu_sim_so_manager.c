/*
 * CANN's AICPU scheduler SO manager (PROTOCOL 7.3): type-2 and type-4 kernels are looked up by SO
 * name under the kind's directory (with CANN's fallbacks), dlopen'ed once and cached with their
 * functions for the life of the die's scheduler (until a force reset).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "aicpu_sim_os.h"

static int valid_so_name(const char *name) {
  if (name[0] == '\0') {
    return 0;
  }
  for (const char *p = name; *p; p++) {
    char c = *p;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    if (!ok) {
      return 0;
    }
  }
  return 1;
}

/* snprintf into an error buffer; messages may be cut, which is fine for a log line. */
void set_err(char *err, size_t err_len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, err_len, fmt, ap);
  va_end(ap);
}

/* SingleSoManager::Init: dlopen guard/so_name if its realpath stays under guard. Returns the
 * handle, or NULL with why in err. */
static void *open_under_guard(const char *guard_dir, const char *so_name, char *err,
                              size_t err_len) {
  char guard[PATH_MAX];
  char path[PATH_MAX * 2];
  char real[PATH_MAX];
  if (realpath(guard_dir, guard) == NULL) {
    set_err(err, err_len, "directory %.400s does not exist", guard_dir);
    return NULL;
  }
  snprintf(path, sizeof path, "%s/%s", guard, so_name);
  if (realpath(path, real) == NULL) {
    set_err(err, err_len, "%.400s not found: %.100s", path, strerror(errno));
    return NULL;
  }
  size_t gl = strlen(guard);
  if (strncmp(real, guard, gl) != 0 || real[gl] != '/') {
    set_err(err, err_len, "%.100s resolves to %.300s, outside %.300s", so_name, real, guard);
    return NULL;
  }
  /* CANN's SingleSoManager flags (PROTOCOL 7.3): a runtime's symbols are global once loaded, so
   * an SO it dlopens itself may use them. */
  void *h = dlopen(real, RTLD_LAZY | RTLD_GLOBAL);
  if (h == NULL) {
    set_err(err, err_len, "dlopen %.300s failed: %.400s", real, dlerror());
  }
  return h;
}

/* MultiSoManager::CreateSingleSoMgr (PROTOCOL 7.3): the kind's directory, then the kernel root
 * (/usr/lib64/aicpu_kernels/ on the card), then <dir>/<hostPid>_<deviceId>/; each attempt is
 * guarded by its own directory. */
static void *so_manager_open(struct die *d, const char *dir, const char *so_name, char *err,
                             size_t err_len) {
  char e1[512] = "", e2[512] = "", e3[512] = "";
  void *h = open_under_guard(dir, so_name, e1, sizeof e1);
  if (h != NULL) {
    return h;
  }
  char root[PATH_MAX];
  char dir_real[PATH_MAX];
  if (realpath(g_kernel_root, root) == NULL || realpath(dir, dir_real) == NULL ||
      strcmp(root, dir_real) != 0) {
    h = open_under_guard(g_kernel_root, so_name, e2, sizeof e2);
    if (h != NULL) {
      return h;
    }
    char pid_dir[PATH_MAX * 2];
    snprintf(pid_dir, sizeof pid_dir, "%s/%ld_%d", dir, g_host_pid, d->device_id);
    h = open_under_guard(pid_dir, so_name, e3, sizeof e3);
    if (h != NULL) {
      return h;
    }
  }
  set_err(err, err_len, "load so %s failed: [%s] [%s] [%s]", so_name, e1, e2, e3);
  return NULL;
}

/* Resolves kernel in so_name under dir with the die's cache; returns NULL and fills err. */
kernel_fn so_manager_lookup(struct die *d, struct so_entry **cache, const char *dir,
                                   const char *so_name, const char *kernel, char *err,
                                   size_t err_len) {
  if (!valid_so_name(so_name)) {
    snprintf(err, err_len, "invalid so name '%s' (allowed: [a-zA-Z0-9-_.])", so_name);
    return NULL;
  }
  struct so_entry *so = NULL;
  for (struct so_entry *e = *cache; e != NULL; e = e->next) {
    if (strcmp(e->name, so_name) == 0) {
      so = e;
      break;
    }
  }
  if (so == NULL) {
    void *h = so_manager_open(d, dir, so_name, err, err_len);
    if (h == NULL) {
      return NULL;
    }
    so = calloc(1, sizeof *so);
    so->name = strdup(so_name);
    so->handle = h;
    so->next = *cache;
    *cache = so;
  }
  for (struct fn_entry *f = so->fns; f != NULL; f = f->next) {
    if (strcmp(f->name, kernel) == 0) {
      return f->fn;
    }
  }
  kernel_fn fn = (kernel_fn)dlsym(so->handle, kernel);
  if (fn == NULL) {
    snprintf(err, err_len, "get kernel failed: %s not in %s (errCode 11003)", kernel, so_name);
    return NULL;
  }
  struct fn_entry *f = calloc(1, sizeof *f);
  f->name = strdup(kernel);
  f->fn = fn;
  f->next = so->fns;
  so->fns = f;
  return fn;
}

void free_cache(struct so_entry **cache) {
  struct so_entry *e = *cache;
  while (e != NULL) {
    struct so_entry *next = e->next;
    struct fn_entry *f = e->fns;
    while (f != NULL) {
      struct fn_entry *fn = f->next;
      free(f->name);
      free(f);
      f = fn;
    }
    dlclose(e->handle);
    free(e->name);
    free(e);
    e = next;
  }
  *cache = NULL;
}
