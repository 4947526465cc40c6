#define _GNU_SOURCE
#include "runtime_table.h"

#include <dlfcn.h>
#include <elf.h>
#include <inttypes.h>
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "aicpu_card_glibc.h"
#include "aicpu_dispatcher.h"
#include "dlog.h"

struct aicpu_runtime {
  uint64_t fingerprint;
  uint64_t device_id;
  char *path;
  /* Set once, under g_lock, when the first request opens the runtime; read with acquire. */
  void *handle;
  struct link_map *map;
};

static struct aicpu_runtime g_runtimes[AICPU_DISPATCH_MAX_RUNTIMES];
/* Slots [0, g_count) are fully initialised; published with release, read with acquire. */
static atomic_uint g_count;
static pthread_mutex_t g_lock = PTHREAD_MUTEX_INITIALIZER;

struct aicpu_runtime *aicpu_runtime_find(uint64_t fp, uint64_t device_id) {
  const unsigned n = atomic_load_explicit(&g_count, memory_order_acquire);
  for (unsigned i = 0; i < n; ++i) {
    if (g_runtimes[i].fingerprint == fp && g_runtimes[i].device_id == device_id) {
      return &g_runtimes[i];
    }
  }
  return NULL;
}

uint32_t aicpu_runtime_add(uint64_t fp, uint64_t device_id, const char *path) {
  uint32_t rc = AICPU_DISPATCH_OK;
  (void)pthread_mutex_lock(&g_lock);
  const unsigned n = atomic_load_explicit(&g_count, memory_order_relaxed);
  if (aicpu_runtime_find(fp, device_id) != NULL) {
    goto out;
  }
  char *copy = n < AICPU_DISPATCH_MAX_RUNTIMES ? strdup(path) : NULL;
  if (copy == NULL) {
    AICPU_LOG_ERROR("Init: %s published but not recorded: %u runtimes are recorded already"
                    " (errno 0)",
                    path, n);
    rc = AICPU_E_RUNTIME_TABLE_FULL;
    goto out;
  }
  g_runtimes[n] = (struct aicpu_runtime){fp, device_id, copy, NULL, NULL};
  atomic_store_explicit(&g_count, n + 1u, memory_order_release);
out:
  (void)pthread_mutex_unlock(&g_lock);
  return rc;
}

uint32_t aicpu_runtime_open(struct aicpu_runtime *rt) {
  if (__atomic_load_n(&rt->handle, __ATOMIC_ACQUIRE) != NULL) {
    return AICPU_DISPATCH_OK;
  }
  uint32_t rc = AICPU_DISPATCH_OK;
  (void)pthread_mutex_lock(&g_lock);
  if (rt->handle == NULL) {
    void *handle = dlopen(rt->path, RTLD_LAZY | RTLD_GLOBAL);
    struct link_map *map = NULL;
    if (handle == NULL || dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == NULL) {
      const char *err = dlerror();
      AICPU_LOG_ERROR("Server: dlopen(RTLD_LAZY | RTLD_GLOBAL) of %s failed: %s (errno 0)",
                      rt->path, err != NULL ? err : "no link map");
      if (handle != NULL) {
        (void)dlclose(handle);
      }
      rc = AICPU_E_RUNTIME_OPEN;
    } else {
      rt->map = map;
      __atomic_store_n(&rt->handle, handle, __ATOMIC_RELEASE);
    }
  }
  (void)pthread_mutex_unlock(&g_lock);
  return rc;
}

aicpu_entry_fn aicpu_runtime_resolve(const struct aicpu_runtime *rt, const char *entry) {
  void *sym = dlsym(rt->handle, entry);
  if (sym == NULL) {
    return NULL;
  }
  Dl_info info;
  struct link_map *owner = NULL;
  const ElfW(Sym) *esym = NULL;
  if (dladdr1(sym, &info, (void **)&owner, RTLD_DL_LINKMAP) == 0 || owner != rt->map) {
    return NULL; /* found in a dependency, not in the runtime SO */
  }
  if (dladdr1(sym, &info, (void **)&esym, RTLD_DL_SYMENT) == 0 || esym == NULL) {
    return NULL;
  }
  const unsigned type = ELF64_ST_TYPE(esym->st_info);
  if (type != STT_FUNC && type != STT_GNU_IFUNC) {
    return NULL;
  }
  aicpu_entry_fn fn;
  _Static_assert(sizeof fn == sizeof sym, "function and object pointers differ in size");
  memcpy(&fn, &sym, sizeof fn);
  return fn;
}
