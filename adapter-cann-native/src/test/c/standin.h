/*
 * Stand-in for CANN's libruntime.so / libascendcl.so (test scope only, never shipped).
 *
 * The structures below are written from PROTOCOL.md section 2.7 (hicann/runtime
 * rt_external_kernel.h, kernel.h, rts_kernel.h), independently of the Java adapter, and every
 * offset is pinned with static_assert. The stand-in reads what the adapter passes through these
 * definitions, so a layout mistake on the Java side shows up as a wrong value or a 107000.
 */
#ifndef STANDIN_H
#define STANDIN_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define STANDIN_API __attribute__((visibility("default")))

#ifndef STANDIN_ARGS_LAYOUT
#error "STANDIN_ARGS_LAYOUT must be 40 or 48"
#endif
#ifndef STANDIN_JSON_LOADER
#error "STANDIN_JSON_LOADER must be 1 (accepts descriptors) or 0 (answers 107000 to every one)"
#endif

typedef int32_t rtError_t;
typedef int aclError;

/* Codes (PROTOCOL 7.8, CannError; ACL's own from acl_base.h). */
#define RC_OK 0
#define RC_ACL_UNINITIALIZE 100001
#define RC_ACL_REPEAT_INITIALIZE 100002
#define RC_PARAM_INVALID 107000
#define RC_CONTEXT_NULL 107002
#define RC_INVALID_HANDLE 107017

typedef struct {
  uint32_t addrOffset;
  uint32_t dataOffset;
} rtHostInputInfo_t;

#if STANDIN_ARGS_LAYOUT == 48
/* rtAicpuArgsEx_t, CANN 8.5.0 and later: 48 bytes. */
typedef struct {
  void *args;
  rtHostInputInfo_t *hostInputInfoPtr;
  rtHostInputInfo_t *kernelOffsetInfoPtr;
  uint32_t argsSize;
  uint16_t hostInputInfoNum;
  uint16_t kernelOffsetInfoNum;
  uint32_t soNameAddrOffset;
  uint32_t kernelNameAddrOffset;
  bool isNoNeedH2DCopy;
  uint16_t timeout;
  uint8_t reserved;
} rtAicpuArgsEx_t;
static_assert(offsetof(rtAicpuArgsEx_t, soNameAddrOffset) == 32, "soNameAddrOffset");
static_assert(offsetof(rtAicpuArgsEx_t, kernelNameAddrOffset) == 36, "kernelNameAddrOffset");
static_assert(offsetof(rtAicpuArgsEx_t, isNoNeedH2DCopy) == 40, "isNoNeedH2DCopy");
static_assert(offsetof(rtAicpuArgsEx_t, timeout) == 42, "timeout");
static_assert(offsetof(rtAicpuArgsEx_t, reserved) == 44, "reserved");
static_assert(sizeof(rtAicpuArgsEx_t) == 48, "rtAicpuArgsEx_t is 48 B from 8.5.0 on");
#define NAME_OFFSET_NONE 0xFFFFFFFFu
#else
/* rtAicpuArgsEx_t of older CANN headers: 16-bit name offsets, reserved[3], no timeout; 40 B. */
typedef struct {
  void *args;
  rtHostInputInfo_t *hostInputInfoPtr;
  rtHostInputInfo_t *kernelOffsetInfoPtr;
  uint32_t argsSize;
  uint16_t hostInputInfoNum;
  uint16_t kernelOffsetInfoNum;
  uint16_t soNameAddrOffset;
  uint16_t kernelNameAddrOffset;
  bool isNoNeedH2DCopy;
  uint8_t reserved[3];
} rtAicpuArgsEx_t;
static_assert(offsetof(rtAicpuArgsEx_t, soNameAddrOffset) == 32, "soNameAddrOffset");
static_assert(offsetof(rtAicpuArgsEx_t, kernelNameAddrOffset) == 34, "kernelNameAddrOffset");
static_assert(offsetof(rtAicpuArgsEx_t, isNoNeedH2DCopy) == 36, "isNoNeedH2DCopy");
static_assert(offsetof(rtAicpuArgsEx_t, reserved) == 37, "reserved");
static_assert(sizeof(rtAicpuArgsEx_t) == 40, "rtAicpuArgsEx_t is 40 B before 8.5.0");
#define NAME_OFFSET_NONE 0xFFFFu
#endif
static_assert(offsetof(rtAicpuArgsEx_t, args) == 0, "args");
static_assert(offsetof(rtAicpuArgsEx_t, hostInputInfoPtr) == 8, "hostInputInfoPtr");
static_assert(offsetof(rtAicpuArgsEx_t, kernelOffsetInfoPtr) == 16, "kernelOffsetInfoPtr");
static_assert(offsetof(rtAicpuArgsEx_t, argsSize) == 24, "argsSize");
static_assert(offsetof(rtAicpuArgsEx_t, hostInputInfoNum) == 28, "hostInputInfoNum");
static_assert(offsetof(rtAicpuArgsEx_t, kernelOffsetInfoNum) == 30, "kernelOffsetInfoNum");

typedef struct {
  rtAicpuArgsEx_t baseArgs;
  size_t cpuParamHeadOffset;
  uint32_t rsv[4];
} rtCpuKernelArgs_t;
static_assert(offsetof(rtCpuKernelArgs_t, baseArgs) == 0, "baseArgs");
static_assert(offsetof(rtCpuKernelArgs_t, cpuParamHeadOffset) == STANDIN_ARGS_LAYOUT, "head");
static_assert(offsetof(rtCpuKernelArgs_t, rsv) == STANDIN_ARGS_LAYOUT + 8, "rsv");
static_assert(sizeof(rtCpuKernelArgs_t) == STANDIN_ARGS_LAYOUT + 24, "rtCpuKernelArgs_t");

typedef union {
  uint32_t isLazyLoad;
  uint32_t magic;
  int32_t cpuKernelMode;
  uint32_t rsv[4];
} rtLoadBinaryOptionValue_t;
static_assert(sizeof(rtLoadBinaryOptionValue_t) == 16, "option value union");

typedef struct {
  int32_t optionId; /* enum rtLoadBinaryOption */
  rtLoadBinaryOptionValue_t value;
} rtLoadBinaryOption_t;
static_assert(offsetof(rtLoadBinaryOption_t, value) == 4, "option value");
static_assert(sizeof(rtLoadBinaryOption_t) == 20, "option stride 20");

typedef struct {
  rtLoadBinaryOption_t *options;
  size_t numOpt;
} rtLoadBinaryConfig_t;
static_assert(offsetof(rtLoadBinaryConfig_t, numOpt) == 8, "numOpt");
static_assert(sizeof(rtLoadBinaryConfig_t) == 16, "rtLoadBinaryConfig_t");

typedef union {
  uint32_t rsv[4];
  uint16_t timeout;
  struct {
    uint32_t low;
    uint32_t high;
  } timeoutUs;
} rtLaunchKernelAttrVal_t;
static_assert(sizeof(rtLaunchKernelAttrVal_t) == 16, "attr value union");

typedef struct {
  int32_t id;
  rtLaunchKernelAttrVal_t value;
} rtLaunchKernelAttr_t;
static_assert(offsetof(rtLaunchKernelAttr_t, value) == 4, "attr value");
static_assert(sizeof(rtLaunchKernelAttr_t) == 20, "attr stride 20");

typedef struct {
  rtLaunchKernelAttr_t *attrs;
  size_t numAttrs;
} rtKernelLaunchCfg_t;
static_assert(offsetof(rtKernelLaunchCfg_t, numAttrs) == 8, "numAttrs");
static_assert(sizeof(rtKernelLaunchCfg_t) == 16, "rtKernelLaunchCfg_t");

/* Shared state of the two stand-in libraries; defined in libruntime.so. */

/* A text builder for one log line. */
typedef struct {
  char *buf;
  size_t len;
  size_t cap;
} standin_line;

STANDIN_API void standin_line_init(standin_line *line, const char *function);
STANDIN_API void standin_line_add(standin_line *line, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
STANDIN_API void standin_line_hex(standin_line *line, const char *key, const void *data,
                                  size_t len);
/* Appends " rc=<rc>" (and the reason), stores the line, sets the recent error; returns rc. */
STANDIN_API int standin_line_finish(standin_line *line, int rc, const char *reason);

/* The rc the test injected for the next call of this function, or 0. One-shot. */
STANDIN_API int standin_take_rc(const char *function);
/* Small per-thread number (1, 2, ...) in the order threads first call the stand-in. */
STANDIN_API int standin_thread_number(void);
/* The device the calling thread set with rtSetDevice, or -1. */
STANDIN_API int standin_thread_device(void);
/* A reset of {@code device} detaches the calling thread when it was attached to it. */
STANDIN_API void standin_thread_reset(int device);
/* Device memory bookkeeping: name (M1, M2...) of the allocation containing [ptr, ptr+len). */
STANDIN_API int standin_mem_find(const void *ptr, size_t len, char *name, size_t name_len);
STANDIN_API void standin_mem_add(void *ptr, size_t size, char *name, size_t name_len);
STANDIN_API int standin_mem_remove(void *ptr, char *name, size_t name_len);
/* Whether the stream handle is one rtStreamCreate returned and not yet destroyed. */
STANDIN_API int standin_stream_name(const void *stream, char *name, size_t name_len);

#endif
