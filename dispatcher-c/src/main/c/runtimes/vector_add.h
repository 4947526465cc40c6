/* The vector add shared by the example runtimes: this block's share of out[i] = a[i] + b[i]. */
#ifndef AICPU_VECTOR_ADD_H
#define AICPU_VECTOR_ADD_H

#include <stdint.h>

#include "aicpu_abi.h"
#include "aicpu_block.h"
#include "runtime_export.h"

/*
 * Block k of n handles [k*ceil(count/n), min(count, (k+1)*ceil(count/n))); k and n come from the
 * payload's per-launch counter (aicpu_block.h), claimed once per call. v points at the payload in
 * device memory: the claim updates it.
 */
static inline uint32_t vector_add_block(struct aicpu_vector_args *v) {
  const struct aicpu_block blk = aicpu_block_claim(&v->blocks);
  if (blk.num == 0u || blk.idx >= blk.num) {
    return blk.num == 0u ? RUNTIME_E_BAD_ARGS : RUNTIME_OK;
  }
  if (v->count == 0) {
    return RUNTIME_OK;
  }
  if (v->a_addr == 0 || v->b_addr == 0 || v->out_addr == 0) {
    return RUNTIME_E_BAD_ARGS;
  }
  const uint64_t idx = blk.idx;
  const uint64_t num = blk.num;
  const uint64_t share = v->count / num + (v->count % num != 0 ? 1u : 0u);
  const uint64_t begin = idx * share;
  const uint64_t end = begin + share < v->count ? begin + share : v->count;
  const float *a = (const float *)(uintptr_t)v->a_addr;
  const float *b = (const float *)(uintptr_t)v->b_addr;
  float *out = (float *)(uintptr_t)v->out_addr;
  for (uint64_t i = begin; i < end; ++i) {
    out[i] = a[i] + b[i];
  }
  return RUNTIME_OK;
}

#endif
