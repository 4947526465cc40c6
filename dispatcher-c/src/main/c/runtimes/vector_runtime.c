/*
 * libexample_vector_runtime.so: adds two float vectors on the AICPU. Each block handles one
 * contiguous share of the elements, chosen by its block index and the block count, which it claims
 * from the payload's per-launch counter (aicpu_block.h).
 */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "aicpu_abi.h"
#include "runtime_export.h"
#include "vector_add.h"

/* Latched by simpler_aicpu_init: the last InitArgs seen (a later init refreshes them). */
static _Atomic uint32_t g_device_id;
static _Atomic uint32_t g_log_level;
static _Atomic uint32_t g_init_count;

RUNTIME_EXPORT uint32_t simpler_aicpu_init(void *args) {
  if (args == NULL) {
    return RUNTIME_E_ARGS_NULL;
  }
  struct aicpu_init_args init;
  memcpy(&init, args, sizeof init);
  atomic_store(&g_device_id, init.device_id);
  atomic_store(&g_log_level, init.log_level);
  atomic_fetch_add(&g_init_count, 1u);
  return RUNTIME_OK;
}

RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  if (args == NULL) {
    return RUNTIME_E_ARGS_NULL;
  }
  return vector_add_block((struct aicpu_vector_args *)args);
}

/* Extra entry: writes the latched InitArgs (struct aicpu_vector_init_state) to out_addr. */
RUNTIME_EXPORT uint32_t example_vector_get_init(void *args) {
  if (args == NULL) {
    return RUNTIME_E_ARGS_NULL;
  }
  struct aicpu_vector_get_init_args g;
  memcpy(&g, args, sizeof g);
  if (g.out_addr == 0) {
    return RUNTIME_E_BAD_ARGS;
  }
  const struct aicpu_vector_init_state st = {atomic_load(&g_device_id), atomic_load(&g_log_level),
                                             atomic_load(&g_init_count), 0u};
  memcpy((void *)(uintptr_t)g.out_addr, &st, sizeof st);
  return RUNTIME_OK;
}
