/*
 * The runtime every publish of the fuzz harness opens (fuzz_dispatcher.c redirects the
 * dispatcher's dlopen here): fuzzing is about the dispatcher's validation, publishing and lookup,
 * not about the system loader parsing arbitrary bytes. Two entries and one data symbol, so the
 * harness can tell "forwarded", "unknown entry" and "not a function" apart.
 */
#include <stdint.h>

#define FUZZ_EXPORT __attribute__((visibility("default")))

/* Reads the payload's first byte, so a bad payload pointer shows up under ASan. */
FUZZ_EXPORT uint32_t simpler_aicpu_exec(void *payload) {
  return 1000u + *(const unsigned char *)payload;
}

FUZZ_EXPORT uint32_t simpler_aicpu_init(void *payload) {
  (void)payload;
  return 0;
}

/* A data symbol: the dispatcher must refuse it as an entry. */
FUZZ_EXPORT const uint32_t fuzz_runtime_data = 7;
