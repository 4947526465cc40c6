/*
 * A CANN for the adapter benchmarks (benchmark scope only, never shipped): libruntime.so and
 * libascendcl.so with the functions the adapter binds, each returning at once. The launch
 * benchmarks divide the adapter's cost by a raw JNA direct call of the very same function, so
 * these must cost next to nothing themselves; argument checks are limited to null pointers.
 * For CANN's recorded behaviour use adapter-cann-native's stand-in (src/test/c) instead.
 */
#ifndef BENCH_CANN_NOOP_H
#define BENCH_CANN_NOOP_H

#include <stdint.h>

#define CANN_API __attribute__((visibility("default")))
#define RC_OK 0
#define RC_PARAM_INVALID 107000

#endif
