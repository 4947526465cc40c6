#include <stdlib.h>
#include <string.h>

#include "cann_noop.h"

/* ACL's process lifecycle: the adapter calls aclInit before its first device call, resets its
 * devices with aclrtResetDevice and calls aclFinalize at shutdown. Nothing to do here. */
CANN_API int aclInit(const char *configPath) {
  (void)configPath;
  return RC_OK;
}

CANN_API int aclFinalize(void) { return RC_OK; }

CANN_API int aclrtResetDevice(int32_t device) { return device < 0 ? RC_PARAM_INVALID : RC_OK; }

/* Device memory is host memory here: the adapter's uploads really copy their bytes. */
CANN_API int aclrtMalloc(void **ptr, size_t size, int policy) {
  (void)policy;
  if (ptr == NULL || size == 0) {
    return RC_PARAM_INVALID;
  }
  *ptr = malloc(size);
  return *ptr == NULL ? 207001 : RC_OK;
}

CANN_API int aclrtFree(void *ptr) {
  if (ptr == NULL) {
    return RC_PARAM_INVALID;
  }
  free(ptr);
  return RC_OK;
}

CANN_API int aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count, int kind) {
  (void)kind;
  if (dst == NULL || src == NULL || count > destMax) {
    return RC_PARAM_INVALID;
  }
  memcpy(dst, src, count);
  return RC_OK;
}

CANN_API int aclrtSynchronizeStream(void *stream) {
  return stream == NULL ? RC_PARAM_INVALID : RC_OK;
}

CANN_API int aclrtSynchronizeStreamWithTimeout(void *stream, int32_t timeout) {
  (void)timeout;
  return stream == NULL ? RC_PARAM_INVALID : RC_OK;
}

CANN_API int aclrtResetDeviceForce(int32_t device) {
  return device < 0 ? RC_PARAM_INVALID : RC_OK;
}

CANN_API int aclrtSetOpExecuteTimeOutV2(uint64_t timeout, uint64_t *actual) {
  if (actual == NULL) {
    return RC_PARAM_INVALID;
  }
  *actual = timeout;
  return RC_OK;
}

CANN_API int aclrtGetDeviceCount(uint32_t *count) {
  if (count == NULL) {
    return RC_PARAM_INVALID;
  }
  *count = 1;
  return RC_OK;
}

CANN_API const char *aclGetRecentErrMsg(void) { return NULL; }

CANN_API const char *aclrtGetSocName(void) { return "Ascend910_9392"; }

/* Reports CANN 9.0.0: the 48-byte rtAicpuArgsEx_t and a working rts JSON loader. */
CANN_API int aclsysGetVersionStr(char *pkgName, char *versionStr) {
  if (pkgName == NULL || versionStr == NULL) {
    return RC_PARAM_INVALID;
  }
  strcpy(versionStr, "9.0.0");
  return RC_OK;
}
