/* Uses every public header of the devkit: an entry, the device log, the block counter. */
#include "aicpu_kernel.h"

struct user_args {
  uint64_t out_addr;
  struct aicpu_blocks blocks;
};

AICPU_ENTRY uint32_t simpler_aicpu_init(void *args) { return args == 0 ? 1u : 0u; }

AICPU_ENTRY uint32_t simpler_aicpu_exec(void *args) {
  struct user_args *a = (struct user_args *)args;
  const struct aicpu_block b = aicpu_block_claim(&a->blocks);
  AICPU_LOG_INFO("block %u of %u", b.idx, b.num);
  return 0u;
}
