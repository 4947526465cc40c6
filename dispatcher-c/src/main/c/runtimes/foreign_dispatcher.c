/*
 * libforeign_dispatcher.so, a fixture: a dispatcher that is not this project's, shaped like
 * upstream's (PROTOCOL §6). Init publishes the runtime SO exactly where and as ours does
 * (simpler_inner_<fp>_<device>.so in the card's preinstall directory, fp as PROTOCOL §5), with
 * libc's plain calls as upstream does (stdio write, chmod, rename); Server and Static are stubs that
 * log and return 0 without running anything. Once CANN's KFC library latched it, rts-json and
 * direct-aicpu still work (the runtime is published) and dispatch-through must be refused: its
 * handshake gets no answer (docs/ABI.md "Acknowledgement").
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aicpu_abi.h"
#include "aicpu_device.h"
#include "fingerprint.h"
#include "runtime_export.h"

RUNTIME_EXPORT int StaticTileFwkBackendKernelServer(void *args) {
  (void)args;
  DlogRecord(AICPU_DLOG_MODULE_CCECPU, AICPU_DLOG_ERROR, "[foreign-dispatcher] Static: stub");
  return 0;
}

RUNTIME_EXPORT uint32_t DynTileFwkBackendKernelServer(void *args) {
  (void)args;
  DlogRecord(AICPU_DLOG_MODULE_CCECPU, AICPU_DLOG_ERROR, "[foreign-dispatcher] Server: stub");
  return 0;
}

RUNTIME_EXPORT uint32_t DynTileFwkBackendKernelServerInit(void *args) {
  if (args == NULL) {
    return 1;
  }
  struct aicpu_bootstrap_args blob;
  memcpy(&blob, args, sizeof blob);
  if (blob.device_args_addr == 0) {
    return 1;
  }
  struct aicpu_device_args dev;
  memcpy(&dev, (const void *)(uintptr_t)blob.device_args_addr, sizeof dev);
  if (dev.inner_so_bin == 0 || dev.inner_so_len == 0) {
    DlogRecord(AICPU_DLOG_MODULE_CCECPU, AICPU_DLOG_ERROR,
               "[foreign-dispatcher] Init: empty inner SO bundle");
    return 1;
  }
  const void *bytes = (const void *)(uintptr_t)dev.inner_so_bin;
  char path[256];
  char tmp[320];
  snprintf(path, sizeof path, "%ssimpler_inner_%016" PRIx64 "_%" PRIu64 ".so",
           AICPU_PREINSTALL_DIR, aicpu_fingerprint(bytes, (size_t)dev.inner_so_len),
           dev.device_id);
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
  FILE *f = fopen(tmp, "wb");
  if (f == NULL) {
    DlogRecord(AICPU_DLOG_MODULE_CCECPU, AICPU_DLOG_ERROR,
               "[foreign-dispatcher] open %s for write failed", tmp);
    return 1;
  }
  const size_t written = fwrite(bytes, 1, (size_t)dev.inner_so_len, f);
  if (fclose(f) != 0 || written != dev.inner_so_len) {
    unlink(tmp);
    return 1;
  }
  (void)chmod(tmp, 0755);
  if (rename(tmp, path) != 0) {
    unlink(tmp);
    return 1;
  }
  DlogRecord(AICPU_DLOG_MODULE_CCECPU, AICPU_DLOG_ERROR, "[foreign-dispatcher] Init: wrote %s",
             path);
  return 0;
}
