/*
 * libaicpu_dispatcher.so: the only SO CANN's KFC library (libaicpu_extend_kernels.so) ever loads
 * for this project. Init publishes the runtime SO that rides in the same launch (PROTOCOL §6,
 * done atomically and validated); Server forwards a dispatch-through request to an entry of a
 * runtime SO published earlier (opening it at the first request) and acknowledges every request
 * it reads in the request itself, so a host can tell "ran" from "nobody answered"; Static is
 * upstream's stub. Everything else is hidden.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "aicpu_abi.h"
#include "aicpu_device.h"
#include "aicpu_dispatcher.h"
#include "dlog.h"
#include "publish.h"
#include "runtime_table.h"

/* The DeviceArgs pointer at args+40; NULL when absent. Read bytewise: args may be unaligned. */
static const struct aicpu_device_args *device_args_of(const void *args) {
  uint64_t addr;
  memcpy(&addr, (const unsigned char *)args + AICPU_ARGS_DEVICE_ARGS_OFFSET, sizeof addr);
  return (const struct aicpu_device_args *)(uintptr_t)addr;
}

/*
 * Where Init publishes: the card's preinstall directory, always. The simulator and the ctest
 * executables redirect this path where it is opened (libc interposition), so the shipped SO has no
 * test seam; a build of these sources for a harness (the fuzzer) may name a function of its own.
 */
#ifdef AICPU_TEST_PREINSTALL_DIR_FN
const char *AICPU_TEST_PREINSTALL_DIR_FN(void);
#define PREINSTALL_DIR() AICPU_TEST_PREINSTALL_DIR_FN()
#else
#define PREINSTALL_DIR() AICPU_PREINSTALL_DIR
#endif

AICPU_EXPORT int StaticTileFwkBackendKernelServer(void *args) {
  (void)args;
  AICPU_LOG_INFO("Static: stub (not expected to be called)");
  return 0;
}

AICPU_EXPORT uint32_t DynTileFwkBackendKernelServerInit(void *args) {
  if (args == NULL) {
    AICPU_LOG_ERROR("Init: args==NULL (errno 0)");
    return AICPU_E_ARGS_NULL;
  }
  const struct aicpu_device_args *dev_ptr = device_args_of(args);
  if (dev_ptr == NULL) {
    AICPU_LOG_ERROR("Init: device_args==NULL at args+40 (errno 0)");
    return AICPU_E_DEVICE_ARGS_NULL;
  }
  struct aicpu_device_args dev;
  memcpy(&dev, dev_ptr, sizeof dev);
  const char *dir = PREINSTALL_DIR();
  struct aicpu_publish_result res;
  uint32_t rc = aicpu_publish_runtime(dir, dev.device_id, (const void *)(uintptr_t)dev.inner_so_bin,
                                      dev.inner_so_len, &res);
  if (rc != AICPU_DISPATCH_OK) {
    return rc;
  }
  AICPU_LOG_INFO("Init: %s %s (%" PRIu64 " bytes, fp %016" PRIx64 ")",
                 res.kept_existing ? "kept identical" : "wrote", res.path, dev.inner_so_len,
                 res.fingerprint);
  return aicpu_runtime_add(res.fingerprint, dev.device_id, res.path);
}

/* 0 if entry is a NUL-terminated, non-empty C identifier that fits the request's field. */
static int entry_name_ok(const char *entry) {
  size_t i = 0;
  for (; i <= AICPU_DISPATCH_ENTRY_MAX && entry[i] != '\0'; ++i) {
    const char c = entry[i];
    const int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
                   (i > 0 && c >= '0' && c <= '9');
    if (!ok) {
      return -1;
    }
  }
  return (i == 0 || i > AICPU_DISPATCH_ENTRY_MAX) ? -1 : 0;
}

/* Answers the request in device memory: AICPU_DISPATCH_ACK, or the code it was refused with. */
static uint32_t answer(uint64_t request_addr, uint32_t code) {
  uint32_t *ack = (uint32_t *)(uintptr_t)(request_addr +
                                          offsetof(struct aicpu_dispatch_request, ack));
  __atomic_store_n(ack, code == AICPU_DISPATCH_OK ? AICPU_DISPATCH_ACK : code, __ATOMIC_RELEASE);
  return code;
}

/* Checks a request, finds (and opens) its runtime and entry. 0 with *fn set, or a code. */
static uint32_t accept(const struct aicpu_device_args *dev, struct aicpu_dispatch_request *req,
                       aicpu_entry_fn *fn) {
  if (dev->request_reserved != 0 || (req->flags & ~AICPU_DISPATCH_FLAG_PING) != 0) {
    AICPU_LOG_ERROR("Server: reserved request bits are not 0 (DeviceArgs+152 0x%" PRIx64
                    ", flags 0x%x) (errno 0)",
                    dev->request_reserved, req->flags);
    return AICPU_E_REQUEST_RESERVED;
  }
  if (entry_name_ok(req->entry) != 0) {
    req->entry[AICPU_DISPATCH_ENTRY_MAX] = '\0';
    AICPU_LOG_ERROR("Server: entry name \"%s\" is not a 1..63 character C identifier (errno 0)",
                    req->entry);
    return AICPU_E_ENTRY_NAME;
  }
  if (req->payload_addr == 0 || req->payload_len == 0 ||
      req->payload_len > AICPU_DISPATCH_PAYLOAD_MAX) {
    AICPU_LOG_ERROR("Server: payload addr 0x%" PRIx64 " len %" PRIu64 " for %s (errno 0)",
                    req->payload_addr, req->payload_len, req->entry);
    return AICPU_E_PAYLOAD;
  }
  struct aicpu_runtime *rt = aicpu_runtime_find(req->fingerprint, dev->device_id);
  if (rt == NULL) {
    AICPU_LOG_ERROR("Server: no runtime simpler_inner_%016" PRIx64 "_%" PRIu64
                    ".so was published by this dispatcher (errno 0)",
                    req->fingerprint, dev->device_id);
    return AICPU_E_UNKNOWN_FINGERPRINT;
  }
  const uint32_t rc = aicpu_runtime_open(rt);
  if (rc != AICPU_DISPATCH_OK) {
    return rc;
  }
  *fn = aicpu_runtime_resolve(rt, req->entry);
  if (*fn == NULL) {
    AICPU_LOG_ERROR("Server: simpler_inner_%016" PRIx64 "_%" PRIu64
                    ".so defines no function %s (errno 0)",
                    req->fingerprint, dev->device_id, req->entry);
    return AICPU_E_UNKNOWN_ENTRY;
  }
  return AICPU_DISPATCH_OK;
}

static uint32_t forward(const struct aicpu_device_args *dev) {
  if (dev->request_magic != AICPU_DISPATCH_MAGIC) {
    AICPU_LOG_ERROR("Server: unknown request magic 0x%08x (errno 0)", dev->request_magic);
    return AICPU_E_REQUEST_MAGIC;
  }
  if (dev->request_size != sizeof(struct aicpu_dispatch_request)) {
    AICPU_LOG_ERROR("Server: request_size %u, expected %zu (errno 0)", dev->request_size,
                    sizeof(struct aicpu_dispatch_request));
    return AICPU_E_REQUEST_SIZE;
  }
  if (dev->request_addr == 0) {
    AICPU_LOG_ERROR("Server: request_addr==0 (errno 0)");
    return AICPU_E_REQUEST_NULL;
  }
  struct aicpu_dispatch_request req;
  memcpy(&req, (const void *)(uintptr_t)dev->request_addr, sizeof req);
  aicpu_entry_fn fn = NULL;
  const uint32_t rc = answer(dev->request_addr, accept(dev, &req, &fn));
  if (rc != AICPU_DISPATCH_OK || (req.flags & AICPU_DISPATCH_FLAG_PING) != 0) {
    return rc;
  }
  return fn((void *)(uintptr_t)req.payload_addr);
}

AICPU_EXPORT uint32_t DynTileFwkBackendKernelServer(void *args) {
  const struct aicpu_device_args *dev_ptr = args != NULL ? device_args_of(args) : NULL;
  struct aicpu_device_args dev;
  if (dev_ptr != NULL) {
    memcpy(&dev, dev_ptr, sizeof dev);
  }
  if (dev_ptr == NULL || dev.request_magic == 0) {
    AICPU_LOG_INFO("Server: stub (no dispatch-through request)");
    return 0;
  }
  return forward(&dev);
}
