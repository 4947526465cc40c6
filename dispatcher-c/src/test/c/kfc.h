/* Calling the dispatcher as CANN's KFC library does: dlopen, dlsym, fn(Args) with DeviceArgs. */
#ifndef AICPU_TEST_KFC_H
#define AICPU_TEST_KFC_H

#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "aicpu_abi.h"
#include "check.h"

typedef uint32_t (*kfc_entry)(void *args);

/* dlopens the built dispatcher (RTLD_NOW | RTLD_LOCAL) and resolves one of its exports. */
static inline kfc_entry kfc_resolve(const char *symbol) {
  void *disp = dlopen(DISPATCHER_SO, RTLD_NOW | RTLD_LOCAL);
  if (disp == NULL) fprintf(stderr, "%s\n", dlerror());
  REQUIRE(disp != NULL);
  void *sym = dlsym(disp, symbol);
  REQUIRE(sym != NULL);
  kfc_entry fn;
  memcpy(&fn, &sym, sizeof fn);
  return fn;
}

static inline void kfc_fill_args(struct aicpu_bootstrap_args *args, struct aicpu_device_args *dev,
                                 const char *kernel) {
  memset(args, 0, sizeof *args);
  args->device_args_addr = (uint64_t)(uintptr_t)dev;
  snprintf(args->kernel_name, sizeof args->kernel_name, "%s", kernel);
  snprintf(args->so_name, sizeof args->so_name, "libaicpu_extend_kernels.so");
}

/* A bootstrap launch: Init with the runtime SO bytes in DeviceArgs+120/+128 (PROTOCOL §2.2). */
static inline uint32_t kfc_init(kfc_entry init, uint64_t device, const void *bytes, uint64_t len) {
  struct aicpu_device_args dev;
  memset(&dev, 0, sizeof dev);
  dev.device_id = device;
  dev.inner_so_bin = (uint64_t)(uintptr_t)bytes;
  dev.inner_so_len = len;
  struct aicpu_bootstrap_args args;
  kfc_fill_args(&args, &dev, "DynTileFwkKernelServerInit");
  return init(&args);
}

#endif
