/* Test kernels run by the simulator's tests, built for the host like any device SO. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define EXPORT __attribute__((visibility("default")))

#include "aicpu_block.h"
#include "aicpu_device.h"

/* Block index and count come from the payload's per-launch counter (aicpu_block.h), as on a card:
 * each payload ends with a struct aicpu_blocks the host sets to {0, numBlocks}. */

/* AddArgs: u64 a, u64 b, u64 out (device pointers to u32 arrays), u64 n, blocks. */
struct add_args {
  uint64_t a, b, out, n;
  struct aicpu_blocks blocks;
};
_Static_assert(sizeof(struct add_args) == 40, "add_args layout");

/* out[i] = a[i] + b[i], each block taking a strided share of the elements. */
EXPORT uint32_t sim_add(void *p) {
  struct add_args *args = p;
  const struct aicpu_block blk = aicpu_block_claim(&args->blocks);
  const uint32_t *a = (const uint32_t *)(uintptr_t)args->a;
  const uint32_t *b = (const uint32_t *)(uintptr_t)args->b;
  uint32_t *out = (uint32_t *)(uintptr_t)args->out;
  for (uint64_t i = blk.idx; blk.num != 0 && i < args->n; i += blk.num) {
    out[i] = a[i] + b[i];
  }
  return 0;
}

/* Writes (idx, num) of each block into the u32 pair at out + 8 * idx. Args: u64 out, blocks. */
struct blocks_args {
  uint64_t out;
  struct aicpu_blocks blocks;
};
_Static_assert(sizeof(struct blocks_args) == 16, "blocks_args layout");

EXPORT uint32_t sim_blocks(void *p) {
  struct blocks_args *a = p;
  const struct aicpu_block blk = aicpu_block_claim(&a->blocks);
  uint32_t *slot = (uint32_t *)(uintptr_t)a->out + 2 * blk.idx;
  slot[0] = blk.idx;
  slot[1] = blk.num;
  return 0;
}

/* Fails with the code found at args[0] (u32). */
EXPORT uint32_t sim_fail(void *p) {
  uint32_t code;
  memcpy(&code, p, 4);
  return code;
}

EXPORT uint32_t sim_hang(void *p) {
  (void)p;
  for (;;) {
    __asm__ volatile("pause");
  }
  return 0;
}

/* Dereferences the address found at args[0] (the tests pass 8: an unmapped page). */
EXPORT uint32_t sim_crash(void *p) {
  uint64_t addr;
  memcpy(&addr, p, 8);
  volatile uint32_t *nowhere = (volatile uint32_t *)(uintptr_t)addr;
  return *nowhere;
}

/* Logs the text at args (NUL-terminated) through DlogRecord. */
EXPORT uint32_t sim_log(void *p) {
  DlogRecord(3, 1, "sim_log: %s", (const char *)p);
  return 0;
}

/* Prints the text at args (NUL-terminated) on standard output, as a kernel's printf would. */
EXPORT uint32_t sim_printf(void *p) {
  printf("sim_printf: %s\n", (const char *)p);
  return 0;
}

/* Args: u32 devId, i32 module, i32 info, pad, u64 out (device pointer to {i32 rc, pad, i64}). */
struct hal_args {
  uint32_t dev;
  int32_t module;
  int32_t info;
  int32_t pad;
  uint64_t out;
};
_Static_assert(sizeof(struct hal_args) == 24, "hal_args layout");

EXPORT uint32_t sim_hal(void *p) {
  const struct hal_args *a = p;
  int64_t value = -1;
  int rc = halGetDeviceInfo(a->dev, a->module, a->info, &value);
  uint8_t *out = (uint8_t *)(uintptr_t)a->out;
  memcpy(out, &rc, 4);
  memcpy(out + 8, &value, 8);
  return 0;
}

/* Spins until the u32 at args[0] (device pointer) becomes non-zero, then returns 0. */
EXPORT uint32_t sim_wait_flag(void *p) {
  uint64_t addr;
  memcpy(&addr, p, 8);
  volatile uint32_t *flag = (volatile uint32_t *)(uintptr_t)addr;
  while (__atomic_load_n(flag, __ATOMIC_ACQUIRE) == 0) {
    __asm__ volatile("pause");
  }
  return 0;
}

/* Args: u64 flag (device pointer to u32), u64 started (device pointer to u32), u32 max_ms.
 * Sets *started = 1 (the handshake), then waits for *flag != 0, sleeping 1 ms between looks
 * rather than spinning (F36). Returns 0 once the flag is seen, 0x5107 after max_ms without it. */
struct wait_args {
  uint64_t flag, started;
  uint32_t max_ms, pad;
};
_Static_assert(sizeof(struct wait_args) == 24, "wait_args layout");

#define SIM_WAIT_GAVE_UP 0x5107u

EXPORT uint32_t sim_wait_flag_bounded(void *p) {
  const struct wait_args *a = p;
  volatile uint32_t *flag = (volatile uint32_t *)(uintptr_t)a->flag;
  volatile uint32_t *started = (volatile uint32_t *)(uintptr_t)a->started;
  __atomic_store_n(started, 1u, __ATOMIC_RELEASE);
  for (uint32_t waited = 0; waited < a->max_ms; waited++) {
    if (__atomic_load_n(flag, __ATOMIC_ACQUIRE) != 0) {
      return 0;
    }
    struct timespec ts = {0, 1000000L};
    nanosleep(&ts, NULL);
  }
  return SIM_WAIT_GAVE_UP;
}

/* Args: u64 counter (device pointer to u32, zeroed by the host), u32 max_ms, pad, blocks. Every
 * block increments the counter, then waits (1 ms sleeps) until all the launch's blocks have: the
 * all-blocks gate of F28. Returns 0 once everyone arrived, 0x5107 after max_ms. */
struct barrier_args {
  uint64_t counter;
  uint32_t max_ms, pad;
  struct aicpu_blocks blocks;
};
_Static_assert(sizeof(struct barrier_args) == 24, "barrier_args layout");

EXPORT uint32_t sim_barrier(void *p) {
  struct barrier_args *a = p;
  const struct aicpu_block blk = aicpu_block_claim(&a->blocks);
  uint32_t *counter = (uint32_t *)(uintptr_t)a->counter;
  __atomic_add_fetch(counter, 1u, __ATOMIC_ACQ_REL);
  for (uint32_t waited = 0; waited < a->max_ms; waited++) {
    if (__atomic_load_n(counter, __ATOMIC_ACQUIRE) >= blk.num) {
      return 0;
    }
    struct timespec ts = {0, 1000000L};
    nanosleep(&ts, NULL);
  }
  return SIM_WAIT_GAVE_UP;
}

/* Args: u64 src (device pointer), u64 len, u64 flags, u64 pad, then the file's path (NUL-terminated).
 * Creates the file, writes "hdr", then the len bytes at src with write(), as the dispatcher
 * publishes a runtime SO. Flags: bit 0 opens with O_APPEND; bit 1 first stores "XXXXXXXX" at src
 * (in this kernel's view of device memory). Returns 0, or the errno of the call that failed. */
struct write_file_args {
  uint64_t src, len, flags, pad;
  char path[];
};
_Static_assert(sizeof(struct write_file_args) == 32, "write_file_args layout");

EXPORT uint32_t sim_write_file(void *p) {
  const struct write_file_args *a = p;
  uint8_t *src = (uint8_t *)(uintptr_t)a->src;
  if (a->flags & 2u) {
    memcpy(src, "XXXXXXXX", 8);
  }
  const int fd =
      open(a->path, O_WRONLY | O_CREAT | O_TRUNC | ((a->flags & 1u) ? O_APPEND : 0), 0644);
  if (fd < 0) {
    return (uint32_t)errno;
  }
  uint32_t rc = 0;
  if (write(fd, "hdr", 3) != 3) {
    rc = errno == 0 ? EIO : (uint32_t)errno;
  }
  for (uint64_t left = a->len; rc == 0 && left > 0;) {
    const ssize_t n = write(fd, src, (size_t)left);
    if (n < 0) {
      if (errno != EINTR) {
        rc = (uint32_t)errno;
      }
      continue;
    }
    src += n;
    left -= (uint64_t)n;
  }
  if (close(fd) != 0 && rc == 0) {
    rc = (uint32_t)errno;
  }
  return rc;
}
