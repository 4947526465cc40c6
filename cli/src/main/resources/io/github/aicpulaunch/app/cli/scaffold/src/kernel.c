/*
 * @NAME@: an AICPU runtime SO. It exports the two entries every runtime has:
 *
 *   simpler_aicpu_init  once per device, when the host opens its session: payload InitArgs
 *                       (32 bytes); `aicpu-launch run` and upstream's host both launch it
 *   simpler_aicpu_exec  the work: out[i] = a * x[i] + y[i] over float vectors (saxpy), each block
 *                       of the launch doing one contiguous share of the elements
 *
 * Each entry returns 0 on success; anything else fails the launch (507018 on the host, and
 * `aicpu-launch run` prints the value the simulator saw).
 */
#include <stddef.h>
#include <stdint.h>

#include "aicpu_kernel.h"

#define E_ARGS_NULL 1u /* the payload pointer is NULL */
#define E_BAD_ARGS 2u  /* a device address is 0, a size is not whole floats, no blocks */

/* simpler_aicpu_init's payload (InitArgs). */
struct init_args {
  uint32_t device_id;           /* 0 */
  uint32_t log_level;           /* 4 */
  int32_t scheduler_timeout_ms; /* 8: 0 = default */
  uint32_t reserved;            /* 12 */
  uint64_t workspace[2];        /* 16: DMA workspaces, 0 when unused */
};
static_assert(sizeof(struct init_args) == 32, "init_args is 32 bytes");

/*
 * simpler_aicpu_exec's payload, as `aicpu-launch run` lays out
 *   --arg ptr:x --arg ptr:y --arg ptr:out --arg size:out --arg f32:A --arg blocks
 * (the members of a C struct in that order).
 */
struct saxpy_args {
  uint64_t x_addr;            /* 0: device address of float x[n] */
  uint64_t y_addr;            /* 8: device address of float y[n] */
  uint64_t out_addr;          /* 16: device address of float out[n] */
  uint64_t out_bytes;         /* 24: 4 * n */
  float a;                    /* 32 */
  struct aicpu_blocks blocks; /* 36: the launch's block counter, {0, numBlocks} from the host */
};
static_assert(offsetof(struct saxpy_args, a) == 32, "saxpy_args.a");
static_assert(offsetof(struct saxpy_args, blocks) == 36, "saxpy_args.blocks");
static_assert(sizeof(struct saxpy_args) == 48, "saxpy_args is 48 bytes");

AICPU_ENTRY uint32_t simpler_aicpu_init(void *args) {
  if (args == NULL) {
    return E_ARGS_NULL;
  }
  const struct init_args *init = (const struct init_args *)args;
  AICPU_LOG_INFO("@NAME@: init on device %u, runtime log threshold %u", init->device_id,
                 init->log_level);
  return 0;
}

AICPU_ENTRY uint32_t simpler_aicpu_exec(void *args) {
  if (args == NULL) {
    return E_ARGS_NULL;
  }
  struct saxpy_args *p = (struct saxpy_args *)args;
  /* Once per call, first: which block of the launch this call is. */
  const struct aicpu_block blk = aicpu_block_claim(&p->blocks);
  if (blk.num == 0u) {
    return E_BAD_ARGS;
  }
  if (blk.idx >= blk.num) {
    return 0; /* more calls than the launch announced: nothing left to do */
  }
  if (p->x_addr == 0 || p->y_addr == 0 || p->out_addr == 0 || p->out_bytes % sizeof(float) != 0) {
    return E_BAD_ARGS;
  }
  const uint64_t n = p->out_bytes / sizeof(float);
  const uint64_t share = (n + blk.num - 1u) / blk.num;
  const uint64_t begin = (uint64_t)blk.idx * share < n ? (uint64_t)blk.idx * share : n;
  const uint64_t end = begin + share < n ? begin + share : n;
  const float *x = (const float *)(uintptr_t)p->x_addr;
  const float *y = (const float *)(uintptr_t)p->y_addr;
  float *out = (float *)(uintptr_t)p->out_addr;
  for (uint64_t i = begin; i < end; ++i) {
    out[i] = p->a * x[i] + y[i];
  }
  AICPU_LOG_INFO("@NAME@: block %u of %u did elements [%llu, %llu)", blk.idx, blk.num,
                 (unsigned long long)begin, (unsigned long long)end);
  return 0;
}
