/*
 * The runtime SOs this dispatcher published and keeps open, keyed by (fingerprint, device id).
 * Entries are added by Init and never removed (like CANN's SO manager, a loaded runtime stays
 * loaded for the life of the AICPU process). Lookups are lock-free; additions are serialised.
 */
#ifndef AICPU_DISPATCHER_RUNTIME_TABLE_H
#define AICPU_DISPATCHER_RUNTIME_TABLE_H

#include <stdint.h>

typedef uint32_t (*aicpu_entry_fn)(void *args);

struct aicpu_runtime;

/* Opens path (RTLD_NOW | RTLD_LOCAL) unless (fp, device) is already open. 0 or an AICPU_E_ code. */
uint32_t aicpu_runtime_open(uint64_t fp, uint64_t device_id, const char *path);

/* The open runtime for (fp, device), or NULL. */
const struct aicpu_runtime *aicpu_runtime_find(uint64_t fp, uint64_t device_id);

/*
 * Resolves a function the runtime SO itself defines. A symbol that only a dependency provides
 * (libc's exit, say) or that is not a function is unknown. Returns NULL when unknown.
 */
aicpu_entry_fn aicpu_runtime_resolve(const struct aicpu_runtime *rt, const char *entry);

#endif
