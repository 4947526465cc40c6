/*
 * The simulated device's own C symbols: what CANN's AICPU OS provides to device SOs, and nothing
 * more (docs/ABI.md, "Device environment"). Linked statically into the AICPU OS executable, which
 * exports the two public symbols (and the libc functions of aicpu_sim_libc.c) and nothing else;
 * device SOs dlopen'ed later resolve them there, first in the global scope. The configuration
 * functions below are hidden: no device SO can see them.
 */
#ifndef AICPU_SIM_DEVICE_H
#define AICPU_SIM_DEVICE_H

#include <stdint.h>

#define AICPU_SIM_EXPORT __attribute__((visibility("default")))

/* Public device ABI (same signatures as on the card). */
AICPU_SIM_EXPORT void DlogRecord(int moduleId, int level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* devId 0 is the die the calling thread runs for (PROTOCOL §2.8); no other id is known. */
AICPU_SIM_EXPORT int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType,
                                      int64_t *value);

/* halGetDeviceInfo return codes (the driver's drvError_t values). */
#define AICPU_SIM_DRV_ERROR_INVALID_DEVICE 2
#define AICPU_SIM_DRV_ERROR_INVALID_VALUE 3

/* Private configuration API of the AICPU OS (hidden). */
typedef void (*aicpu_sim_log_sink)(int32_t device, int module_id, int level, const char *text);

void aicpu_sim_device_set_log_sink(aicpu_sim_log_sink sink);
/* Adds one answer for a die (its physical id); returns 0, or -1 when the table is full. */
int aicpu_sim_device_add_hal_info(uint32_t physical_id, int32_t module_type, int32_t info_type,
                                  int64_t value);
/* halGetDeviceInfo for a die named by its physical id (what the AICPU OS itself asks). */
int aicpu_sim_device_hal_info(uint32_t physical_id, int32_t module_type, int32_t info_type,
                              int64_t *value);
/* Sets the die (physical id) the calling thread runs a block for. */
void aicpu_sim_device_enter_block(int32_t device);
/* The die the calling thread runs for, or -1 outside a launch. */
int32_t aicpu_sim_device_current(void);

#endif
