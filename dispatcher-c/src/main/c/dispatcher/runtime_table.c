#define _GNU_SOURCE
#include "runtime_table.h"

#include <dlfcn.h>
#include <elf.h>
#include <inttypes.h>
#include <link.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "aicpu_dispatcher.h"
#include "dlog.h"

struct aicpu_runtime {
  uint64_t fingerprint;
  uint64_t device_id;
  void *handle;
  struct link_map *map;
};

static struct aicpu_runtime g_runtimes[AICPU_DISPATCH_MAX_RUNTIMES];
/* Slots [0, g_count) are fully initialised; published with release, read with acquire. */
static atomic_uint g_count;
static pthread_mutex_t g_add_lock = PTHREAD_MUTEX_INITIALIZER;

const struct aicpu_runtime *aicpu_runtime_find(uint64_t fp, uint64_t device_id) {
  const unsigned n = atomic_load_explicit(&g_count, memory_order_acquire);
  for (unsigned i = 0; i < n; ++i) {
    if (g_runtimes[i].fingerprint == fp && g_runtimes[i].device_id == device_id) {
      return &g_runtimes[i];
    }
  }
  return NULL;
}

uint32_t aicpu_runtime_open(uint64_t fp, uint64_t device_id, const char *path) {
  uint32_t rc = AICPU_DISPATCH_OK;
  (void)pthread_mutex_lock(&g_add_lock);
  const unsigned n = atomic_load_explicit(&g_count, memory_order_relaxed);
  if (aicpu_runtime_find(fp, device_id) != NULL) {
    goto out;
  }
  if (n >= AICPU_DISPATCH_MAX_RUNTIMES) {
    AICPU_LOG_ERROR("Init: %s published but not opened: %u runtimes are open already (errno 0)",
                    path, n);
    rc = AICPU_E_RUNTIME_TABLE_FULL;
    goto out;
  }
  void *handle = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  struct link_map *map = NULL;
  if (handle == NULL || dlinfo(handle, RTLD_DI_LINKMAP, &map) != 0 || map == NULL) {
    const char *err = dlerror();
    AICPU_LOG_ERROR("Init: %s published but dlopen failed: %s (errno 0)", path,
                    err != NULL ? err : "no link map");
    if (handle != NULL) {
      (void)dlclose(handle);
    }
    rc = AICPU_E_RUNTIME_OPEN;
    goto out;
  }
  g_runtimes[n] = (struct aicpu_runtime){fp, device_id, handle, map};
  atomic_store_explicit(&g_count, n + 1u, memory_order_release);
out:
  (void)pthread_mutex_unlock(&g_add_lock);
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
