/*
 * CANN's KFC extend library, libaicpu_extend_kernels.so (PROTOCOL 7.1, 7.2): the bootstrap entry
 * saves and loads the server SO the launch carries, with the one-shot firstCreatSo_/firstLoadSo_
 * latches of each die, and later KFC launches reach the latched SO's entries.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "aicpu_sim_os.h"

#define AE_MAX_KERNEL_NAME 200 /* CANN's limits in the KFC library */
#define AE_MAX_SO_NAME 100
#define EXTEND_SO "libaicpu_extend_kernels.so"

/* Offsets into the bootstrap blob and DeviceArgs (PROTOCOL.md 2.1/2.2). Duplicated from the
 * protocol on purpose: the simulator is an independent model of CANN, not a user of domain. */
#define ARGS_DEVICE_ARGS_PTR 40
#define DEVARGS_AICPU_SO_BIN 96
#define DEVARGS_AICPU_SO_LEN 104
#define DEVARGS_DEVICE_ID 112
_Static_assert(ARGS_DEVICE_ARGS_PTR == 5 * 8, "DeviceArgs pointer follows unused[5]");
_Static_assert(DEVARGS_AICPU_SO_BIN == 12 * 8, "aicpu_so_bin follows unused[12]");
_Static_assert(DEVARGS_AICPU_SO_LEN == DEVARGS_AICPU_SO_BIN + 8, "aicpu_so_len");
_Static_assert(DEVARGS_DEVICE_ID == DEVARGS_AICPU_SO_LEN + 8, "device_id");

/* SaveSoFile: the first successful save latches; later calls succeed without writing. */
static int kfc_save_so(struct die *d, int die_idx, const uint8_t *bin, uint64_t len, char *err,
                       size_t err_len) {
  if (d->first_creat_so || len < 1) {
    return 0;
  }
  snprintf(d->kfc_path, sizeof d->kfc_path, "%s/libaicpu_kfc_server_%d.so", g_private_dir,
           die_idx);
  int fd = (int)syscall(SYS_openat, AT_FDCWD, d->kfc_path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
  if (fd < 0) {
    snprintf(err, err_len, "SaveSoFile: open %s failed: %s", d->kfc_path, strerror(errno));
    return -1;
  }
  const uint8_t *p = bin;
  uint64_t left = len;
  while (left > 0) {
    ssize_t w = syscall(SYS_write, fd, p, left);
    if (w <= 0) {
      snprintf(err, err_len, "SaveSoFile: write %s failed", d->kfc_path);
      close(fd);
      return -1;
    }
    p += w;
    left -= (uint64_t)w;
  }
  close(fd);
  d->first_creat_so = 1;
  return 0;
}

/* SetTileFwkKernelMap: the first successful load latches all three symbols. */
static int kfc_load_so(struct die *d, int die_idx, char *err, size_t err_len) {
  if (d->first_load_so) {
    return 0;
  }
  if (!d->first_creat_so) {
    snprintf(err, err_len, "SetTileFwkKernelMap: no server SO was saved");
    return -1;
  }
  void *h = dlopen(d->kfc_path, RTLD_LAZY | RTLD_LOCAL);
  if (h == NULL) {
    snprintf(err, err_len, "SetTileFwkKernelMap: dlopen failed: %s", dlerror());
    return -1;
  }
  static const char *const names[3] = {"StaticTileFwkBackendKernelServer",
                                       "DynTileFwkBackendKernelServerInit",
                                       "DynTileFwkBackendKernelServer"};
  kernel_fn fns[3];
  for (int i = 0; i < 3; i++) {
    fns[i] = (kernel_fn)dlsym(h, names[i]);
    if (fns[i] == NULL) {
      snprintf(err, err_len, "SetTileFwkKernelMap: %s missing, the SO is unmappable", names[i]);
      dlclose(h);
      return -1;
    }
  }
  d->kfc_handle = h;
  d->kfc_static = fns[0];
  d->kfc_init = fns[1];
  d->kfc_server = fns[2];
  d->first_load_so = 1;
  wire_send_latch((uint32_t)die_idx, d->kfc_path);
  return 0;
}

/* Decides what a KFC launch runs. *fn NULL with rc 0 means "succeed without running". */
int kfc_resolve(struct die *d, int die_idx, const char *so_name, const char *kernel,
                       uint8_t *args, uint32_t args_len, kernel_fn *fn, char *err,
                       size_t err_len) {
  *fn = NULL;
  if (kernel == NULL || kernel[0] == '\0') {
    snprintf(err, err_len, "KFC: kernel name is null");
    return -1;
  }
  if (strlen(kernel) > AE_MAX_KERNEL_NAME) {
    snprintf(err, err_len, "KFC: kernel name longer than %d", AE_MAX_KERNEL_NAME);
    return -1;
  }
  if (so_name != NULL && strlen(so_name) > AE_MAX_SO_NAME) {
    snprintf(err, err_len, "KFC: so name longer than %d", AE_MAX_SO_NAME);
    return -1;
  }
  if (so_name != NULL && strcmp(so_name, EXTEND_SO) == 0) {
    if (strcmp(kernel, "DynTileFwkKernelServerInit") == 0) {
      if (args_len < ARGS_DEVICE_ARGS_PTR + 8) {
        snprintf(err, err_len, "KFC Init: args blob of %u bytes has no DeviceArgs pointer",
                 args_len);
        return -1;
      }
      uint64_t dev_args;
      memcpy(&dev_args, args + ARGS_DEVICE_ARGS_PTR, 8);
      if (dev_args == 0) {
        snprintf(err, err_len, "KFC Init: DeviceArgs pointer is null");
        return -1;
      }
      const uint8_t *da = (const uint8_t *)(uintptr_t)dev_args;
      uint64_t bin, len;
      memcpy(&bin, da + DEVARGS_AICPU_SO_BIN, 8);
      memcpy(&len, da + DEVARGS_AICPU_SO_LEN, 8);
      int was_loaded = d->first_load_so;
      if (kfc_save_so(d, die_idx, (const uint8_t *)(uintptr_t)bin, len, err, err_len) != 0 ||
          kfc_load_so(d, die_idx, err, err_len) != 0) {
        return -1;
      }
      if (!was_loaded || g_reinvoke_init) {
        *fn = d->kfc_init;
      }
      return 0;
    }
    if (strcmp(kernel, "DynTileFwkKernelServer") == 0) {
      if (!d->first_load_so) {
        snprintf(err, err_len, "KFC Server: no server SO loaded");
        return -1;
      }
      *fn = d->kfc_server;
      return 0;
    }
  }
  if (so_name != NULL && so_name[0] != '\0') {
    *fn = so_manager_lookup(d, &d->sos, g_sim_preinstall_real, so_name, kernel, err, err_len);
  }
  if (*fn == NULL) {
    *fn = (kernel_fn)dlsym(RTLD_DEFAULT, kernel);
  }
  if (*fn == NULL) {
    if (err[0] == '\0') {
      snprintf(err, err_len, "KFC: kernel %s not found", kernel);
    }
    return -1;
  }
  return 0;
}
