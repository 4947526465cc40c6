/*
 * Stand-in libascendcl.so: the acl entry points the adapter binds (PROTOCOL 3.1), checked by
 * CANN's rules. Shares state with the stand-in libruntime.so, which it links.
 */
#define _POSIX_C_SOURCE 200809L
#include "standin.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifndef STANDIN_VERSION
#error "STANDIN_VERSION must name the CANN version the variant reports"
#endif
#ifndef STANDIN_SOC
#error "STANDIN_SOC must name the SoC the variant reports"
#endif

#define ACL_MEMCPY_HOST_TO_DEVICE 1
#define ACL_MEMCPY_DEVICE_TO_HOST 2

const char *standin_take_recent_error(void);

/* ACL's process state: aclInit once, aclFinalize at the end. Not cleared by standin_reset: like
 * the adapter's, it lives as long as the process. */
static pthread_mutex_t acl_lock = PTHREAD_MUTEX_INITIALIZER;
static int acl_initialized;
static int acl_finalized;

static int finish(standin_line *line, const char *function, const char *reason) {
  if (reason != NULL) {
    return standin_line_finish(line, RC_PARAM_INVALID, reason);
  }
  return standin_line_finish(line, standin_take_rc(function), NULL);
}

static int require_attached(standin_line *line) {
  if (standin_thread_device() < 0) {
    standin_line_finish(line, RC_CONTEXT_NULL, "thread never called rtSetDevice");
    return 0;
  }
  return 1;
}

/* Every aclrt call needs aclInit first, and none may follow aclFinalize (F20). */
static int require_acl(standin_line *line) {
  pthread_mutex_lock(&acl_lock);
  int ok = acl_initialized;
  int finalized = acl_finalized;
  pthread_mutex_unlock(&acl_lock);
  if (!ok) {
    standin_line_finish(line, RC_ACL_UNINITIALIZE,
                        finalized ? "aclFinalize was called" : "aclInit was not called");
    return 0;
  }
  return 1;
}

STANDIN_API aclError aclInit(const char *configPath) {
  standin_line line;
  standin_line_init(&line, "aclInit");
  standin_line_add(&line, " config=%s", configPath == NULL ? "null" : configPath);
  pthread_mutex_lock(&acl_lock);
  int repeat = acl_initialized;
  pthread_mutex_unlock(&acl_lock);
  if (repeat) {
    return standin_line_finish(&line, RC_ACL_REPEAT_INITIALIZE, "aclInit was already called");
  }
  int rc = finish(&line, "aclInit", NULL);
  if (rc == 0) {
    pthread_mutex_lock(&acl_lock);
    acl_initialized = 1;
    acl_finalized = 0;
    pthread_mutex_unlock(&acl_lock);
  }
  return rc;
}

STANDIN_API aclError aclFinalize(void) {
  standin_line line;
  standin_line_init(&line, "aclFinalize");
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  int rc = finish(&line, "aclFinalize", NULL);
  if (rc == 0) {
    pthread_mutex_lock(&acl_lock);
    acl_initialized = 0;
    acl_finalized = 1;
    pthread_mutex_unlock(&acl_lock);
  }
  return rc;
}

STANDIN_API aclError aclrtResetDevice(int32_t deviceId) {
  standin_line line;
  standin_line_init(&line, "aclrtResetDevice");
  standin_line_add(&line, " device=%d", deviceId);
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  int rc = finish(&line, "aclrtResetDevice", NULL);
  if (rc == 0) {
    standin_thread_reset(deviceId);
  }
  return rc;
}

STANDIN_API aclError aclrtMalloc(void **devPtr, size_t size, int policy) {
  standin_line line;
  standin_line_init(&line, "aclrtMalloc");
  standin_line_add(&line, " size=%zu policy=%d", size, policy);
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  if (!require_attached(&line)) {
    return RC_CONTEXT_NULL;
  }
  const char *reason = devPtr == NULL ? "devPtr is null" : size == 0 ? "size is 0" : NULL;
  int rc = standin_take_rc("aclrtMalloc");
  void *p = NULL;
  char name[32] = "";
  if (reason == NULL && rc == 0) {
    p = calloc(1, size);
    standin_mem_add(p, size, name, sizeof name);
    standin_line_add(&line, " -> %s", name);
  }
  if (reason != NULL) {
    return standin_line_finish(&line, RC_PARAM_INVALID, reason);
  }
  standin_line_finish(&line, rc, NULL);
  if (rc == 0) {
    *devPtr = p;
  }
  return rc;
}

STANDIN_API aclError aclrtFree(void *devPtr) {
  standin_line line;
  standin_line_init(&line, "aclrtFree");
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  char name[32] = "?";
  int known = standin_mem_remove(devPtr, name, sizeof name);
  standin_line_add(&line, " ptr=%s", name);
  if (known) {
    free(devPtr);
  }
  return finish(&line, "aclrtFree", known ? NULL : "not an allocation of this device");
}

STANDIN_API aclError aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count,
                                 int kind) {
  standin_line line;
  standin_line_init(&line, "aclrtMemcpy");
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  if (!require_attached(&line)) {
    return RC_CONTEXT_NULL;
  }
  const char *reason = NULL;
  char dev[48] = "?";
  if (kind == ACL_MEMCPY_HOST_TO_DEVICE) {
    if (!standin_mem_find(dst, count, dev, sizeof dev)) {
      reason = "dst is not device memory large enough";
    }
    standin_line_add(&line, " kind=1 dst=%s destMax=%zu count=%zu", dev, destMax, count);
  } else if (kind == ACL_MEMCPY_DEVICE_TO_HOST) {
    if (!standin_mem_find(src, count, dev, sizeof dev)) {
      reason = "src is not device memory large enough";
    }
    standin_line_add(&line, " kind=2 src=%s destMax=%zu count=%zu", dev, destMax, count);
  } else {
    standin_line_add(&line, " kind=%d", kind);
    reason = "kind must be 1 (host to device) or 2 (device to host)";
  }
  if (reason == NULL && (dst == NULL || src == NULL)) {
    reason = "null pointer";
  } else if (reason == NULL && destMax < count) {
    reason = "destMax is smaller than count";
  }
  if (reason == NULL) {
    standin_line_hex(&line, "data", src, count);
  }
  int rc = finish(&line, "aclrtMemcpy", reason);
  if (rc == 0) {
    memcpy(dst, src, count);
  }
  return rc;
}

STANDIN_API aclError aclrtSynchronizeStream(void *stream) {
  standin_line line;
  standin_line_init(&line, "aclrtSynchronizeStream");
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  if (!require_attached(&line)) {
    return RC_CONTEXT_NULL;
  }
  char name[32] = "?";
  const char *reason = standin_stream_name(stream, name, sizeof name) ? NULL : "unknown stream";
  standin_line_add(&line, " stream=%s", name);
  return finish(&line, "aclrtSynchronizeStream", reason);
}

STANDIN_API aclError aclrtSynchronizeStreamWithTimeout(void *stream, int32_t timeout) {
  standin_line line;
  standin_line_init(&line, "aclrtSynchronizeStreamWithTimeout");
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  if (!require_attached(&line)) {
    return RC_CONTEXT_NULL;
  }
  char name[32] = "?";
  const char *reason = standin_stream_name(stream, name, sizeof name) ? NULL : "unknown stream";
  if (reason == NULL && timeout < -1) {
    reason = "timeout must be -1 (forever) or a number of milliseconds";
  }
  standin_line_add(&line, " stream=%s timeout=%d", name, timeout);
  return finish(&line, "aclrtSynchronizeStreamWithTimeout", reason);
}

STANDIN_API aclError aclrtResetDeviceForce(int32_t deviceId) {
  standin_line line;
  standin_line_init(&line, "aclrtResetDeviceForce");
  standin_line_add(&line, " device=%d", deviceId);
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  int rc = finish(&line, "aclrtResetDeviceForce", NULL);
  if (rc == 0) {
    standin_thread_reset(deviceId);
  }
  return rc;
}

STANDIN_API aclError aclrtSetOpExecuteTimeOutV2(uint64_t timeout, uint64_t *actualTimeout) {
  standin_line line;
  standin_line_init(&line, "aclrtSetOpExecuteTimeOutV2");
  standin_line_add(&line, " timeout=%llu", (unsigned long long)timeout);
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  int rc = finish(&line, "aclrtSetOpExecuteTimeOutV2",
                  actualTimeout == NULL ? "actualTimeout is null" : NULL);
  if (rc == 0) {
    /* The card applies its own granularity; the stand-in rounds up to whole milliseconds so a
     * test can tell the applied value from the requested one. */
    *actualTimeout = (timeout + 999u) / 1000u * 1000u;
  }
  return rc;
}

STANDIN_API aclError aclrtGetDeviceCount(uint32_t *count) {
  standin_line line;
  standin_line_init(&line, "aclrtGetDeviceCount");
  if (!require_acl(&line)) {
    return RC_ACL_UNINITIALIZE;
  }
  int rc = finish(&line, "aclrtGetDeviceCount", count == NULL ? "count is null" : NULL);
  if (rc == 0) {
    *count = 2;
  }
  return rc;
}

STANDIN_API const char *aclGetRecentErrMsg(void) { return standin_take_recent_error(); }

STANDIN_API const char *aclrtGetSocName(void) { return STANDIN_SOC; }

#if STANDIN_VERSION_API
/* CANN 9.0.0 added this; the old variant lacks it, so the adapter must read version.info. */
STANDIN_API aclError aclsysGetVersionStr(char *pkgName, char *versionStr) {
  standin_line line;
  standin_line_init(&line, "aclsysGetVersionStr");
  standin_line_add(&line, " pkgName=%s", pkgName == NULL ? "(null)" : pkgName);
  int rc = finish(&line, "aclsysGetVersionStr",
                  pkgName == NULL || versionStr == NULL ? "null argument" : NULL);
  if (rc == 0) {
    strcpy(versionStr, STANDIN_VERSION);
  }
  return rc;
}
#endif
