/*
 * Atomic publishing of a runtime SO into the preinstall directory as
 * simpler_inner_<fp %016x>_<device>.so. Internal to the dispatcher; unit-tested directly.
 */
#ifndef AICPU_DISPATCHER_PUBLISH_H
#define AICPU_DISPATCHER_PUBLISH_H

#include <limits.h>
#include <stdint.h>

struct aicpu_publish_result {
  uint64_t fingerprint;
  int kept_existing;    /* 1: an identical file was already there and was left untouched */
  char path[PATH_MAX];  /* the final path (set as soon as it is known) */
};

/* Checks a runtime SO image before anything is written. Returns 0 or an AICPU_E_* code. */
uint32_t aicpu_validate_runtime(const void *bytes, uint64_t len);

/*
 * Validates, then publishes bytes under dir. Returns 0 (out filled) or an AICPU_E_* code; on
 * failure no temporary file is left behind and the failure is logged with the path and errno.
 * Safe to call concurrently from several threads and processes for the same or different names.
 */
uint32_t aicpu_publish_runtime(const char *dir, uint64_t device_id, const void *bytes,
                               uint64_t len, struct aicpu_publish_result *out);

#endif
