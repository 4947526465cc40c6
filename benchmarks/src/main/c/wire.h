/*
 * The ping-pong baseline's framing, the same as the simulator's host/AICPU OS control protocol
 * (adapter-sim/src/main/c/aicpu_sim_wire.h): a u32 little-endian payload length, then the
 * payload. In a request, payload bytes 0..3 carry the number of blocks to fan out to (0: reply at
 * once); the rest is filler of the size the simulator's launch request has.
 */
#ifndef BENCH_WIRE_H
#define BENCH_WIRE_H

#include <assert.h>
#include <stdint.h>

#define BENCH_MAX_FRAME (128u * 1024u)
#define BENCH_BLOCKS_OFFSET 0
#define BENCH_MAX_BLOCKS 64

/* A frame holds the largest launch payload (64 KiB) plus the names and fields around it. */
static_assert(BENCH_MAX_FRAME >= 4u + 64u * 1024u + 512u, "frame capacity");

#endif
