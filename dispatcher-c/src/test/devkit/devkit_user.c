/*
 * Uses every public header of the devkit: an entry, the device log, the block counter, and the
 * card build's glibc bindings (a stat of its own SO's folder at init).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>

#include "aicpu_card_glibc.h"
#include "aicpu_kernel.h"

struct user_args {
  uint64_t out_addr;
  struct aicpu_blocks blocks;
};

AICPU_ENTRY uint32_t simpler_aicpu_init(void *args) {
  Dl_info info;
  struct stat st;
  if (args == 0) {
    return 1u;
  }
  /* dladdr and the stat syscall: what aicpu_card_glibc.h keeps at GLIBC_2.17 on a card build. */
  if (dladdr((void *)&simpler_aicpu_init, &info) == 0 ||
      aicpu_fstatat(AT_FDCWD, info.dli_fname, &st, 0) != 0 || !S_ISREG(st.st_mode)) {
    return 2u;
  }
  return 0u;
}

AICPU_ENTRY uint32_t simpler_aicpu_exec(void *args) {
  struct user_args *a = (struct user_args *)args;
  const struct aicpu_block b = aicpu_block_claim(&a->blocks);
  AICPU_LOG_INFO("block %u of %u", b.idx, b.num);
  return 0u;
}
