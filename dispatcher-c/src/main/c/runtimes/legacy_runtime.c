/*
 * libexample_legacy_runtime.so: the vector add of libexample_vector_runtime.so, shaped for the
 * legacy KFC path (PROTOCOL §3.3 (a), docs/ABI.md "Legacy KFC launch"). CANN's KFC library saves
 * and loads this SO itself, latches it, and resolves exactly these three exports (F10):
 *
 *   DynTileFwkBackendKernelServerInit(args): the bootstrap; args is the 304-byte bootstrap blob,
 *     whose pointer at 40 is the DeviceArgs; latches "initialised" (Server refuses to run before).
 *   DynTileFwkBackendKernelServer(args): every task; args is struct aicpu_legacy_server_args,
 *     payload (struct aicpu_vector_args) at payload_addr, its length at payload_len.
 *   StaticTileFwkBackendKernelServer(args): upstream's stub, returns 0.
 */
#include <stdatomic.h>
#include <stddef.h>
#include <string.h>

#include "aicpu_abi.h"
#include "runtime_export.h"
#include "vector_add.h"

/* Server called before Init latched the device: CANN's latch skipped this SO's bootstrap. */
#define LEGACY_E_NOT_INITIALISED 3u

static _Atomic uint32_t g_initialised;

RUNTIME_EXPORT int StaticTileFwkBackendKernelServer(void *args) {
  (void)args;
  return 0;
}

RUNTIME_EXPORT uint32_t DynTileFwkBackendKernelServerInit(void *args) {
  if (args == NULL) {
    return RUNTIME_E_ARGS_NULL;
  }
  struct aicpu_bootstrap_args blob;
  memcpy(&blob, args, sizeof blob);
  if (blob.device_args_addr == 0) {
    return RUNTIME_E_BAD_ARGS;
  }
  atomic_store(&g_initialised, 1u);
  return RUNTIME_OK;
}

RUNTIME_EXPORT uint32_t DynTileFwkBackendKernelServer(void *args) {
  if (args == NULL) {
    return RUNTIME_E_ARGS_NULL;
  }
  if (atomic_load(&g_initialised) == 0u) {
    return LEGACY_E_NOT_INITIALISED;
  }
  struct aicpu_legacy_server_args blob;
  memcpy(&blob, args, sizeof blob);
  if (blob.payload_addr == 0 || blob.payload_len != sizeof(struct aicpu_vector_args)) {
    return RUNTIME_E_BAD_ARGS;
  }
  return vector_add_block((struct aicpu_vector_args *)(uintptr_t)blob.payload_addr);
}
