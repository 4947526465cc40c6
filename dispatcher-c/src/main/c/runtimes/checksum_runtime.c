/*
 * libexample_checksum_runtime.so: checksums a device buffer. FNV-1a 64 is sequential, so the block
 * that claims index 0 from the payload's counter (aicpu_block.h) does the work and the others
 * return at once; the u64 result goes to out_addr.
 */
#include <stddef.h>
#include <string.h>

#include "aicpu_abi.h"
#include "aicpu_block.h"
#include "runtime_export.h"

/*
 * Claims this call's block and reads the payload: returns RUNTIME_OK with *compute set when this
 * block is the one that computes (data/out valid).
 */
static uint32_t checksum_args(void *args, struct aicpu_checksum_args *c, int *compute) {
  *compute = 0;
  if (args == NULL) {
    return RUNTIME_E_ARGS_NULL;
  }
  struct aicpu_checksum_args *payload = args;
  const struct aicpu_block blk = aicpu_block_claim(&payload->blocks);
  memcpy(c, payload, sizeof *c);
  if (c->out_addr == 0 || (c->data_addr == 0 && c->len != 0)) {
    return RUNTIME_E_BAD_ARGS;
  }
  *compute = blk.idx == 0u;
  return RUNTIME_OK;
}

RUNTIME_EXPORT uint32_t simpler_aicpu_init(void *args) {
  return args == NULL ? RUNTIME_E_ARGS_NULL : RUNTIME_OK;
}

/* Folds step over the bytes of the buffer from init and writes the u64 result (block 0 only). */
static uint32_t fold_bytes(void *args, uint64_t init, uint64_t (*step)(uint64_t, unsigned char)) {
  struct aicpu_checksum_args c;
  int compute;
  const uint32_t rc = checksum_args(args, &c, &compute);
  if (rc != RUNTIME_OK || !compute) {
    return rc;
  }
  const unsigned char *p = (const unsigned char *)(uintptr_t)c.data_addr;
  uint64_t acc = init;
  for (uint64_t i = 0; i < c.len; ++i) {
    acc = step(acc, p[i]);
  }
  memcpy((void *)(uintptr_t)c.out_addr, &acc, sizeof acc);
  return RUNTIME_OK;
}

static uint64_t fnv1a_step(uint64_t h, unsigned char byte) {
  return (h ^ byte) * 0x00000100000001b3ULL;
}

static uint64_t sum_step(uint64_t sum, unsigned char byte) {
  return sum + byte;
}

/* FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3) of the buffer. */
RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  return fold_bytes(args, 0xcbf29ce484222325ULL, fnv1a_step);
}

/* Extra entry: the sum of the bytes as a u64. */
RUNTIME_EXPORT uint32_t checksum_aicpu_sum(void *args) {
  return fold_bytes(args, 0, sum_step);
}
