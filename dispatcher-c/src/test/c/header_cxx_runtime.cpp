// A runtime written in C++ against the public headers: its entries must keep their C names and
// DlogRecord must stay the C symbol the AICPU process provides (ctest header_cxx).
#include "aicpu_card_glibc.h"
#include "aicpu_kernel.h"

namespace {
struct Args {
  uint64_t out_addr;
  struct aicpu_blocks blocks;
};
}  // namespace

AICPU_ENTRY uint32_t simpler_aicpu_init(void *args) { return args == nullptr ? 1u : 0u; }

AICPU_ENTRY uint32_t simpler_aicpu_exec(void *args) {
  if (args == nullptr) {
    return 1u;
  }
  Args *a = static_cast<Args *>(args);
  const struct aicpu_block b = aicpu_block_claim(&a->blocks);
  AICPU_LOG_INFO("block %u of %u", b.idx, b.num);
  return 0u;
}
