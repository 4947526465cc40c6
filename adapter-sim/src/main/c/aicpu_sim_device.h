/*
 * The simulated device's own C symbols (what CANN's AICPU OS provides to device SOs) and the
 * private API the AICPU OS executable uses to configure them.
 *
 * Device SOs (dispatcher, runtime SOs, upstream-built ones) reference the public symbols
 * DlogRecord, halGetDeviceInfo, aicpu_get_block_idx, aicpu_get_block_num and
 * aicpu_preinstall_dir_hook; they resolve against this library because the AICPU OS executable
 * links it, which puts it in the global scope before any device SO is dlopen'ed.
 */
#ifndef AICPU_SIM_DEVICE_H
#define AICPU_SIM_DEVICE_H

#include <stdint.h>

#define AICPU_SIM_EXPORT __attribute__((visibility("default")))

#ifdef __cplusplus
extern "C" {
#endif

/* Public device ABI (same signatures as on the card). */
AICPU_SIM_EXPORT void DlogRecord(int moduleId, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
AICPU_SIM_EXPORT int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType,
                                      int64_t *value);
AICPU_SIM_EXPORT uint32_t aicpu_get_block_idx(void);
AICPU_SIM_EXPORT uint32_t aicpu_get_block_num(void);
AICPU_SIM_EXPORT const char *aicpu_preinstall_dir_hook(uint32_t device_id);

/* halGetDeviceInfo return codes (driver drvError_t values). */
#define AICPU_SIM_DRV_ERROR_INVALID_DEVICE 2
#define AICPU_SIM_DRV_ERROR_NOT_SUPPORT 0xfffe

/* Private configuration API used by aicpu_sim_os only. */
typedef void (*aicpu_sim_log_sink)(int32_t device, int module_id, int level, const char *text);

AICPU_SIM_EXPORT void aicpu_sim_device_set_preinstall_dir(const char *dir);
AICPU_SIM_EXPORT void aicpu_sim_device_set_log_sink(aicpu_sim_log_sink sink);
/* Adds one answer of halGetDeviceInfo; returns 0, or -1 when the table is full. */
AICPU_SIM_EXPORT int aicpu_sim_device_add_hal_info(uint32_t dev_id, int32_t module_type,
                                                   int32_t info_type, int64_t value);
/* Sets the calling thread's block index/count and the device it runs for. */
AICPU_SIM_EXPORT void aicpu_sim_device_enter_block(int32_t device, uint32_t idx, uint32_t num);
/* The device the calling thread runs for, or -1 outside a launch. */
AICPU_SIM_EXPORT int32_t aicpu_sim_device_current(void);

#ifdef __cplusplus
}
#endif

#endif
