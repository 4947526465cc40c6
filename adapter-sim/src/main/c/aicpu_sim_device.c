#define _GNU_SOURCE
#include "aicpu_sim_device.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* One simulated chip per process: this state is per AICPU OS process by construction. */
static _Thread_local int32_t tls_device = -1;

static aicpu_sim_log_sink g_sink;

#define HAL_TABLE_MAX 256
struct hal_entry {
  uint32_t dev_id; /* physical id of the die */
  int32_t module_type;
  int32_t info_type;
  int64_t value;
};
static struct hal_entry g_hal[HAL_TABLE_MAX];
static int g_hal_count;
static pthread_mutex_t g_hal_lock = PTHREAD_MUTEX_INITIALIZER;

/* The AICPU OS forks snapshot children for the custom scheduler: never hand them a held lock. */
static void hal_lock(void) { pthread_mutex_lock(&g_hal_lock); }
static void hal_unlock(void) { pthread_mutex_unlock(&g_hal_lock); }
__attribute__((constructor)) static void register_fork_handlers(void) {
  pthread_atfork(hal_lock, hal_unlock, hal_unlock);
}

void DlogRecord(int moduleId, int level, const char *fmt, ...) {
  /* Same truncation as the dispatcher's own formatting buffer: 1024 bytes. */
  char buf[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt == NULL ? "(null)" : fmt, ap);
  va_end(ap);
  aicpu_sim_log_sink sink = __atomic_load_n(&g_sink, __ATOMIC_ACQUIRE);
  if (sink != NULL) {
    sink(tls_device, moduleId, level, buf);
  } else {
    fprintf(stderr, "[device %d] %s\n", tls_device, buf);
  }
}

int aicpu_sim_device_hal_info(uint32_t physical_id, int32_t module_type, int32_t info_type,
                              int64_t *value) {
  int known_device = 0;
  int rc = AICPU_SIM_DRV_ERROR_INVALID_DEVICE;
  pthread_mutex_lock(&g_hal_lock);
  for (int i = 0; i < g_hal_count; i++) {
    if (g_hal[i].dev_id != physical_id) {
      continue;
    }
    known_device = 1;
    if (g_hal[i].module_type == module_type && g_hal[i].info_type == info_type) {
      if (value != NULL) {
        *value = g_hal[i].value;
      }
      rc = 0;
      break;
    }
  }
  pthread_mutex_unlock(&g_hal_lock);
  if (rc != 0 && known_device) {
    /* What a card answers device code for a query the AICPU OS does not serve to it (docs/ABI.md). */
    rc = AICPU_SIM_DRV_ERROR_INVALID_VALUE;
  }
  return rc;
}

/* Device code names its own die 0 (upstream's hello kernel, PROTOCOL §2.8). */
int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType, int64_t *value) {
  if (devId != 0 || tls_device < 0) {
    return AICPU_SIM_DRV_ERROR_INVALID_DEVICE;
  }
  return aicpu_sim_device_hal_info((uint32_t)tls_device, moduleType, infoType, value);
}

void aicpu_sim_device_set_log_sink(aicpu_sim_log_sink sink) {
  __atomic_store_n(&g_sink, sink, __ATOMIC_RELEASE);
}

int aicpu_sim_device_add_hal_info(uint32_t physical_id, int32_t module_type, int32_t info_type,
                                  int64_t value) {
  int rc = -1;
  pthread_mutex_lock(&g_hal_lock);
  if (g_hal_count < HAL_TABLE_MAX) {
    g_hal[g_hal_count++] = (struct hal_entry){physical_id, module_type, info_type, value};
    rc = 0;
  }
  pthread_mutex_unlock(&g_hal_lock);
  return rc;
}

void aicpu_sim_device_enter_block(int32_t device) { tls_device = device; }

int32_t aicpu_sim_device_current(void) { return tls_device; }
