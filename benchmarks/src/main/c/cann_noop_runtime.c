#include <stddef.h>

#include "cann_noop.h"

/* Handles are addresses of these bytes: non-null, stable, never dereferenced by the caller. */
static char g_streams[64];
static char g_binary;
static char g_function;
static int g_stream_next;

CANN_API int32_t rtSetDevice(int32_t device) { return device < 0 ? RC_PARAM_INVALID : RC_OK; }

CANN_API int32_t rtDeviceReset(int32_t device) { return device < 0 ? RC_PARAM_INVALID : RC_OK; }

CANN_API int32_t rtStreamCreate(void **stream, int32_t priority) {
  (void)priority;
  if (stream == NULL) {
    return RC_PARAM_INVALID;
  }
  *stream = &g_streams[__atomic_fetch_add(&g_stream_next, 1, __ATOMIC_RELAXED) & 63];
  return RC_OK;
}

CANN_API int32_t rtStreamDestroy(void *stream) { return stream == NULL ? RC_PARAM_INVALID : RC_OK; }

CANN_API int32_t rtAicpuKernelLaunchExWithArgs(uint32_t kernelType, const char *opName,
                                               uint32_t numBlocks, const void *argsInfo,
                                               void *smDesc, const void *stream, uint32_t flags) {
  (void)kernelType;
  (void)numBlocks;
  (void)smDesc;
  (void)flags;
  return opName == NULL || argsInfo == NULL || stream == NULL ? RC_PARAM_INVALID : RC_OK;
}

CANN_API int32_t rtsBinaryLoadFromFile(const char *path, const void *config, void **handle) {
  (void)config;
  if (path == NULL || handle == NULL) {
    return RC_PARAM_INVALID;
  }
  *handle = &g_binary;
  return RC_OK;
}

CANN_API int32_t rtsFuncGetByName(const void *binary, const char *name, void **function) {
  if (binary == NULL || name == NULL || function == NULL) {
    return RC_PARAM_INVALID;
  }
  *function = &g_function;
  return RC_OK;
}

CANN_API int32_t rtsBinaryUnload(const void *binary) {
  return binary == NULL ? RC_PARAM_INVALID : RC_OK;
}

CANN_API int32_t rtsLaunchCpuKernel(const void *function, uint32_t numBlocks, void *stream,
                                    const void *config, void *argsInfo) {
  (void)numBlocks;
  (void)config;
  return function == NULL || stream == NULL || argsInfo == NULL ? RC_PARAM_INVALID : RC_OK;
}

CANN_API int32_t rtGetDevicePhyIdByIndex(uint32_t index, uint32_t *physical) {
  if (physical == NULL) {
    return RC_PARAM_INVALID;
  }
  *physical = index;
  return RC_OK;
}
