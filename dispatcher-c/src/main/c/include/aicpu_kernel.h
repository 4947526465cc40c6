/*
 * The header a runtime SO includes: entry points, the device log, block index and count. The same
 * on the simulator and on a card, in C11 and in C++.
 *
 *   #include "aicpu_kernel.h"
 *
 *   struct my_args { uint64_t data_addr; uint64_t bytes; struct aicpu_blocks blocks; };
 *
 *   AICPU_ENTRY uint32_t simpler_aicpu_exec(void *args) {
 *     struct my_args *a = (struct my_args *)args;
 *     const struct aicpu_block b = aicpu_block_claim(&a->blocks);
 *     AICPU_LOG_INFO("block %u of %u", b.idx, b.num);
 *     ...
 *     return 0;  // anything else fails the launch: 507018 on the host
 *   }
 *
 * Build the SO with -fvisibility=hidden: then exactly the functions marked AICPU_ENTRY are
 * exported, which is what `aicpu-launch inspect` checks. Shipped with aicpu-launch (the devkit
 * zip, and every project `aicpu-launch new` creates) next to aicpu_block.h and aicpu_device.h,
 * which it includes.
 */
#ifndef AICPU_KERNEL_H
#define AICPU_KERNEL_H

#include <stdint.h>

#include "aicpu_block.h"
#include "aicpu_device.h"

#ifdef __cplusplus
#define AICPU_EXTERN_C extern "C"
#else
#define AICPU_EXTERN_C
#endif

/*
 * Marks a function CANN may launch: C linkage (the name the host asks for is the symbol's name),
 * default visibility (exported even under -fvisibility=hidden). Every entry has the signature
 * uint32_t name(void *args): args is the device copy of the launch's payload; 0 is success.
 */
#define AICPU_ENTRY AICPU_EXTERN_C __attribute__((visibility("default")))

/*
 * The device log (DlogRecord, module CCECPU), printf-style. The simulator shows these lines with
 * `aicpu-launch run --log-level LEVEL`; on a card CANN writes them to the device log, filtered by
 * ASCEND_GLOBAL_LOG_LEVEL (default ERROR).
 */
#define AICPU_LOG(level, ...) DlogRecord(AICPU_DLOG_MODULE_CCECPU, (level), __VA_ARGS__)
#define AICPU_LOG_DEBUG(...) AICPU_LOG(AICPU_DLOG_DEBUG, __VA_ARGS__)
#define AICPU_LOG_INFO(...) AICPU_LOG(AICPU_DLOG_INFO, __VA_ARGS__)
#define AICPU_LOG_WARN(...) AICPU_LOG(AICPU_DLOG_WARN, __VA_ARGS__)
#define AICPU_LOG_ERROR(...) AICPU_LOG(AICPU_DLOG_ERROR, __VA_ARGS__)

#endif /* AICPU_KERNEL_H */
