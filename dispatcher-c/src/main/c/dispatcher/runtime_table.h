/*
 * The runtime SOs this dispatcher published, keyed by (fingerprint, device id). Init records a
 * runtime (no dlopen: publishing never depends on the runtime loading, as upstream's Init and
 * CANN's own publishing do not); the first dispatch-through request for it opens it, with the
 * flags CANN's scheduler uses (RTLD_LAZY | RTLD_GLOBAL, PROTOCOL §7.3). Entries are never removed:
 * like CANN's SO manager, an opened runtime stays loaded for the life of the AICPU process.
 * Lookups are lock-free; additions and opens are serialised.
 */
#ifndef AICPU_DISPATCHER_RUNTIME_TABLE_H
#define AICPU_DISPATCHER_RUNTIME_TABLE_H

#include <stdint.h>

typedef uint32_t (*aicpu_entry_fn)(void *args);

struct aicpu_runtime;

/* Records path for (fp, device) unless already recorded. 0 or AICPU_E_RUNTIME_TABLE_FULL. */
uint32_t aicpu_runtime_add(uint64_t fp, uint64_t device_id, const char *path);

/* The recorded runtime for (fp, device), or NULL. */
struct aicpu_runtime *aicpu_runtime_find(uint64_t fp, uint64_t device_id);

/*
 * Opens the runtime unless it is open already: 0, or AICPU_E_RUNTIME_OPEN (logged with dlerror;
 * the next request tries again).
 */
uint32_t aicpu_runtime_open(struct aicpu_runtime *rt);

/*
 * Resolves a function the (opened) runtime SO itself defines. A symbol that only a dependency
 * provides (libc's exit, say) or that is not a function is unknown. Returns NULL when unknown.
 */
aicpu_entry_fn aicpu_runtime_resolve(const struct aicpu_runtime *rt, const char *entry);

#endif
