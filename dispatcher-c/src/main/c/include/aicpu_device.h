/*
 * Symbols the AICPU OS provides to device SOs. None of them is defined by the dispatcher or the
 * runtimes: on a card CANN's AICPU scheduler process provides them; in the simulator its AICPU OS
 * executable does, and nothing else (docs/ABI.md, "Device environment"); ctest executables link a
 * test-only definition (src/test/c/device_stubs.c) and export it with -rdynamic.
 *
 * There is no block-index function here: a card offers none to user code. Kernels take their block
 * from the launch's payload (aicpu_block.h).
 */
#ifndef AICPU_DEVICE_H
#define AICPU_DEVICE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* CANN device log. moduleId 3 = CCECPU; levels 0 DEBUG, 1 INFO, 2 WARN, 3 ERROR. */
#define AICPU_DLOG_MODULE_CCECPU 3
#define AICPU_DLOG_DEBUG 0
#define AICPU_DLOG_INFO 1
#define AICPU_DLOG_WARN 2
#define AICPU_DLOG_ERROR 3
void DlogRecord(int moduleId, int level, const char *fmt, ...);

/*
 * CANN HAL device query (libascend_hal). From device code devId 0 means "the die this code runs
 * on" (PROTOCOL §2.8). The driver's numbers (DEV_MODULE_TYPE, DEV_INFO_TYPE, drvError_t):
 */
int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType, int64_t *value);

#ifdef __cplusplus
}
#endif

#define AICPU_HAL_MODULE_SYSTEM 0
#define AICPU_HAL_MODULE_AICPU 1
#define AICPU_HAL_INFO_OS_SCHED 5
#define AICPU_HAL_INFO_OCCUPY 8
#define AICPU_HAL_INFO_PHY_CHIP_ID 18
#define AICPU_HAL_INFO_PHY_DIE_ID 19
#define AICPU_HAL_INFO_PF_CORE_NUM 20
#define AICPU_HAL_INFO_PF_OCCUPY 21
#define AICPU_DRV_ERROR_NONE 0
#define AICPU_DRV_ERROR_INVALID_DEVICE 2
#define AICPU_DRV_ERROR_INVALID_VALUE 3
#define AICPU_DRV_ERROR_NOT_SUPPORT 0xfffe

/* Where CANN's AICPU scheduler looks for type-2 kernel SOs (PROTOCOL §7.3, VF 0). */
#define AICPU_PREINSTALL_DIR "/usr/lib64/aicpu_kernels/0/aicpu_kernels_device/"

#endif /* AICPU_DEVICE_H */
