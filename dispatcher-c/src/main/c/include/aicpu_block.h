/*
 * Block index and block count for AICPU kernels, the same on a card and in the simulator.
 *
 * CANN calls a kernel once per block, all blocks of a launch with the same argument pointer (the
 * device copy of the launch's payload, PROTOCOL §7.1), and gives user code no portable way to ask
 * which block it is: the simulator offers no such function either (docs/ABI.md, "Device
 * environment"). A kernel gets its block the way upstream's platform layer does when it has no CPU
 * affinity table: from an atomic counter, here one that lives in the launch's own payload.
 *
 *   struct my_args { ...; struct aicpu_blocks blocks; };  // the host writes blocks = {0, numBlocks}
 *   uint32_t my_kernel(void *p) {
 *     struct my_args *a = p;
 *     const struct aicpu_block b = aicpu_block_claim(&a->blocks);
 *     if (b.idx >= b.num) return 0;  // more calls than the launch announced: nothing to do
 *     ... work on share b.idx of b.num ...
 *   }
 *
 * Why per launch and not a static counter in the SO: launches of one runtime may overlap (two
 * streams, two sessions, the SO stays loaded for the process's life), and a static counter reset by
 * the "last" block would hand out indices across launches. Each launch's payload is its own memory
 * for as long as the launch runs (CANN copies the args per launch; dispatch-through and legacy-kfc
 * hosts write a slot per launch and reuse it only after the stream was synchronised), so a counter
 * there numbers exactly that launch's calls 0..n-1.
 *
 * Rules: call aicpu_block_claim exactly once per call of the kernel, before reading anything the
 * other blocks may change; the host sets next = 0 and count = numBlocks for every launch.
 */
#ifndef AICPU_BLOCK_H
#define AICPU_BLOCK_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* The per-launch counter in a payload: 8 bytes, 4-byte aligned. */
struct aicpu_blocks {
  uint32_t next;  /* 0: the host writes 0; each block takes the next number */
  uint32_t count; /* 4: the launch's numBlocks, as the host launched it */
};
static_assert(offsetof(struct aicpu_blocks, next) == 0, "aicpu_blocks.next");
static_assert(offsetof(struct aicpu_blocks, count) == 4, "aicpu_blocks.count");
static_assert(sizeof(struct aicpu_blocks) == 8, "aicpu_blocks size");

/* The calling block: idx in [0, num) for every call of a launch of num blocks. */
struct aicpu_block {
  uint32_t idx;
  uint32_t num;
};

/*
 * Claims the calling block's index. Relaxed ordering is enough: the counter only hands out
 * distinct numbers; blocks that exchange data synchronise on that data themselves.
 */
static inline struct aicpu_block aicpu_block_claim(struct aicpu_blocks *blocks) {
  struct aicpu_block b;
  b.idx = __atomic_fetch_add(&blocks->next, 1u, __ATOMIC_RELAXED);
  b.num = __atomic_load_n(&blocks->count, __ATOMIC_RELAXED);
  return b;
}

#endif /* AICPU_BLOCK_H */
