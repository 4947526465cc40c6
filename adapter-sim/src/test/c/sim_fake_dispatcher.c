/*
 * A foreign dispatcher: publishes like the project's (and like upstream's, PROTOCOL §6) but its
 * Server is upstream's stub, which logs and returns 0 without running anything. Exports the three
 * symbols CANN's KFC library resolves; Init writes the inner SO bytes found at DeviceArgs+120/128
 * to the card's preinstall directory as simpler_inner_<fnv64>_<device>.so (tmp + chmod + rename,
 * with libc's plain calls, as upstream does). FAKE_DISPATCHER_TAG makes builds distinct;
 * FAKE_DISPATCHER_NO_SERVER leaves the Server entry out (an unmappable SO, F10).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

extern void DlogRecord(int moduleId, int level, const char *fmt, ...);

#define CARD_PREINSTALL_DIR "/usr/lib64/aicpu_kernels/0/aicpu_kernels_device"

EXPORT const char *fake_dispatcher_tag = FAKE_DISPATCHER_TAG;

static uint64_t fnv1a(const uint8_t *p, uint64_t n) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (uint64_t i = 0; i < n; i++) {
    h ^= p[i];
    h *= 0x00000100000001b3ULL;
  }
  return h;
}

EXPORT int StaticTileFwkBackendKernelServer(void *args) {
  (void)args;
  return 0;
}

#ifndef FAKE_DISPATCHER_NO_SERVER
EXPORT uint32_t DynTileFwkBackendKernelServer(void *args) {
  (void)args;
  DlogRecord(3, 3, "[fake-dispatcher-%s] Server: stub", FAKE_DISPATCHER_TAG);
  return 0;
}
#endif

EXPORT uint32_t DynTileFwkBackendKernelServerInit(void *args) {
  uint64_t dev_args;
  memcpy(&dev_args, (const uint8_t *)args + 40, 8);
  const uint8_t *da = (const uint8_t *)(uintptr_t)dev_args;
  uint64_t bin, len, dev;
  memcpy(&dev, da + 112, 8);
  memcpy(&bin, da + 120, 8);
  memcpy(&len, da + 128, 8);
  DlogRecord(3, 3, "[fake-dispatcher-%s] init", FAKE_DISPATCHER_TAG);
  if (bin == 0 || len == 0) {
    return 1;
  }
  char path[512], tmp[600];
  snprintf(path, sizeof path, "%s/simpler_inner_%016llx_%llu.so", CARD_PREINSTALL_DIR,
           (unsigned long long)fnv1a((const uint8_t *)(uintptr_t)bin, len),
           (unsigned long long)dev);
  snprintf(tmp, sizeof tmp, "%s.tmp.%d", path, (int)getpid());
  int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0) {
    DlogRecord(3, 3, "[fake-dispatcher-%s] open %s failed", FAKE_DISPATCHER_TAG, tmp);
    return 1;
  }
  const uint8_t *p = (const uint8_t *)(uintptr_t)bin;
  uint64_t left = len;
  while (left > 0) {
    ssize_t w = write(fd, p, left);
    if (w <= 0) {
      DlogRecord(3, 3, "[fake-dispatcher-%s] write %s failed", FAKE_DISPATCHER_TAG, tmp);
      close(fd);
      unlink(tmp);
      return 1;
    }
    p += w;
    left -= (uint64_t)w;
  }
  close(fd);
  chmod(tmp, 0755);
  if (rename(tmp, path) != 0) {
    DlogRecord(3, 3, "[fake-dispatcher-%s] rename failed", FAKE_DISPATCHER_TAG);
    unlink(tmp);
    return 1;
  }
  DlogRecord(3, 3, "[fake-dispatcher-%s] wrote %s", FAKE_DISPATCHER_TAG, path);
  return 0;
}
