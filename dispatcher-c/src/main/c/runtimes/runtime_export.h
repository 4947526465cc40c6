/* Shared by the example and fixture runtimes: explicit exports under -fvisibility=hidden. */
#ifndef AICPU_RUNTIME_EXPORT_H
#define AICPU_RUNTIME_EXPORT_H

#include <stdint.h>

#define RUNTIME_EXPORT __attribute__((visibility("default")))

/* Runtime return codes shared by the examples (documented in docs/ABI.md). */
#define RUNTIME_OK 0u
#define RUNTIME_E_ARGS_NULL 1u   /* the payload pointer is NULL */
#define RUNTIME_E_BAD_ARGS 2u    /* a device address is 0 while the length is not, or reserved != 0 */

#endif
