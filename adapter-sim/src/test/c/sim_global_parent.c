/*
 * RTLD_GLOBAL fixture, the parent: sim_global_exec dlopens the child SO named in its payload
 * (RTLD_NOW), which references sim_global_parent_value, defined only here. That resolves only when
 * the scheduler opened this SO RTLD_GLOBAL, as CANN's does (PROTOCOL 7.3).
 * Args: u64 out (device pointer to {u32 rc, u32 value}), then the child's path, NUL-terminated.
 * rc 0: value is what the child computed; rc 1: the child did not load (dlerror is logged).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))

extern void DlogRecord(int moduleId, int level, const char *fmt, ...);

EXPORT uint32_t sim_global_parent_value(void) { return 0x600d; }

EXPORT uint32_t sim_global_exec(void *p) {
  uint64_t out;
  memcpy(&out, p, 8);
  const char *child = (const char *)p + 8;
  uint32_t result[2] = {1u, 0u};
  void *h = dlopen(child, RTLD_NOW | RTLD_LOCAL);
  if (h == NULL) {
    DlogRecord(3, 3, "sim_global_exec: %s", dlerror());
  } else {
    void *sym = dlsym(h, "sim_global_child_value");
    uint32_t (*fn)(void);
    memcpy(&fn, &sym, sizeof fn);
    result[0] = 0u;
    result[1] = fn();
  }
  memcpy((void *)(uintptr_t)out, result, sizeof result);
  return 0;
}
