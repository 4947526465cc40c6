/*
 * Symbols the AICPU OS provides to device SOs. None of them is defined by the dispatcher or the
 * runtimes: on a card CANN's AICPU scheduler process provides them; in the simulator its device
 * library (loaded RTLD_GLOBAL before any device SO) does; ctest executables link a test-only
 * definition (src/test/c/device_stubs.c) and export it with -rdynamic.
 */
#ifndef AICPU_DEVICE_H
#define AICPU_DEVICE_H

#include <stdint.h>

/* CANN device log. moduleId 3 = CCECPU; levels 0 DEBUG, 1 INFO, 2 WARN, 3 ERROR. */
#define AICPU_DLOG_MODULE_CCECPU 3
#define AICPU_DLOG_DEBUG 0
#define AICPU_DLOG_INFO 1
#define AICPU_DLOG_WARN 2
#define AICPU_DLOG_ERROR 3
void DlogRecord(int moduleId, int level, const char *fmt, ...);

/* CANN HAL device query (declared for runtimes that need it). */
int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType, int64_t *value);

/*
 * Index and count of the block the calling thread executes. This pair is the ABI of the
 * simulator's device library; on a card CANN calls a kernel once per block and runtimes obtain
 * the block from their own platform layer. Weak, so a runtime also loads where nothing defines
 * them: absent means block 0 of 1.
 */
uint32_t aicpu_get_block_idx(void) __attribute__((weak));
uint32_t aicpu_get_block_num(void) __attribute__((weak));

/*
 * Preinstall-directory override. Weak: resolved when the dispatcher is dlopen'ed, against the
 * libraries loaded globally before it (the simulator's device library defines it per chip). If
 * present and non-NULL, the returned directory replaces AICPU_PREINSTALL_DIR. The device build
 * has no other test hook.
 */
const char *aicpu_preinstall_dir_hook(uint32_t device_id) __attribute__((weak));

/* Where CANN's AICPU scheduler looks for type-2 kernel SOs (PROTOCOL §7.3, VF 0). */
#define AICPU_PREINSTALL_DIR "/usr/lib64/aicpu_kernels/0/aicpu_kernels_device/"

static inline uint32_t aicpu_block_idx(void) {
  return aicpu_get_block_idx != 0 ? aicpu_get_block_idx() : 0u;
}

static inline uint32_t aicpu_block_num(void) {
  const uint32_t n = aicpu_get_block_num != 0 ? aicpu_get_block_num() : 1u;
  return n == 0u ? 1u : n;
}

#endif /* AICPU_DEVICE_H */
