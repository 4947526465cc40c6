/*
 * A fixed pool of worker threads that all run a no-op kernel once per round: the floor of
 * "fan one task out to N blocks and wait for every block", with the threads created up front as
 * an AICPU's cores are.
 */
#ifndef BENCH_POOL_H
#define BENCH_POOL_H

#include <stdint.h>

struct bench_pool;

/* Starts n (1..64) workers that wait for rounds; NULL on failure. */
struct bench_pool *bench_pool_new(int n);

/* Wakes every worker, each runs the no-op kernel once; returns when all have. 0, or -1. */
int bench_pool_round(struct bench_pool *pool);

/* Stops and joins the workers and frees the pool. */
void bench_pool_free(struct bench_pool *pool);

#endif
