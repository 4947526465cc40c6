/*
 * aicpu_bench_peer RESPONSE_BYTES: the far side of the IPC ping-pong baseline, standing where the
 * simulator's AICPU OS process stands. Reads request frames on stdin; for each, fans out to the
 * requested number of pool threads (created once per block count, as an AICPU's cores exist
 * before any task) and answers with one frame of RESPONSE_BYTES payload bytes on stdout. Exits
 * when stdin closes.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fdio.h"
#include "pool.h"
#include "wire.h"

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: aicpu_bench_peer RESPONSE_BYTES\n");
    return 64;
  }
  long response = strtol(argv[1], NULL, 10);
  if (response < 0 || (unsigned long)response + 4u > BENCH_MAX_FRAME) {
    fprintf(stderr, "aicpu_bench_peer: RESPONSE_BYTES must be 0..%u\n", BENCH_MAX_FRAME - 4u);
    return 64;
  }
  static uint8_t in[BENCH_MAX_FRAME];
  static uint8_t out[BENCH_MAX_FRAME];
  static struct bench_pool *pools[BENCH_MAX_BLOCKS + 1];
  uint32_t out_len = (uint32_t)response;
  memcpy(out, &out_len, 4);
  for (;;) {
    uint32_t len;
    if (fdio_read_all(0, &len, 4) != 0) {
      break;
    }
    if (len > sizeof in || fdio_read_all(0, in, len) != 0) {
      fprintf(stderr, "aicpu_bench_peer: bad request frame of %u bytes\n", len);
      return 4;
    }
    uint32_t blocks = 0;
    if (len >= 4) {
      memcpy(&blocks, in + BENCH_BLOCKS_OFFSET, 4);
    }
    if (blocks > BENCH_MAX_BLOCKS) {
      fprintf(stderr, "aicpu_bench_peer: %u blocks, at most %d\n", blocks, BENCH_MAX_BLOCKS);
      return 4;
    }
    if (blocks > 0) {
      if (pools[blocks] == NULL) {
        pools[blocks] = bench_pool_new((int)blocks);
      }
      if (bench_pool_round(pools[blocks]) != 0) {
        fprintf(stderr, "aicpu_bench_peer: cannot start %u threads\n", blocks);
        return 5;
      }
    }
    if (fdio_write_all(1, out, 4u + out_len) != 0) {
      break;
    }
  }
  for (int i = 0; i <= BENCH_MAX_BLOCKS; i++) {
    bench_pool_free(pools[i]);
  }
  return 0;
}
