/* A tiny assertion helper for the ctest executables: report every failure, exit non-zero. */
#ifndef AICPU_TEST_CHECK_H
#define AICPU_TEST_CHECK_H

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static int check_failures;
static int check_count;

#define CHECK(cond)                                                             \
  do {                                                                          \
    ++check_count;                                                              \
    if (!(cond)) {                                                              \
      ++check_failures;                                                         \
      fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);  \
    }                                                                           \
  } while (0)

#define CHECK_U64(actual, expected)                                                         \
  do {                                                                                      \
    ++check_count;                                                                          \
    const uint64_t check_a_ = (uint64_t)(actual), check_e_ = (uint64_t)(expected);          \
    if (check_a_ != check_e_) {                                                             \
      ++check_failures;                                                                     \
      fprintf(stderr, "%s:%d: %s = 0x%" PRIx64 " (%" PRIu64 "), expected 0x%" PRIx64        \
              " (%" PRIu64 ")\n",                                                           \
              __FILE__, __LINE__, #actual, check_a_, check_a_, check_e_, check_e_);         \
    }                                                                                       \
  } while (0)

/* Aborts the test at once: for failures after which nothing else can be checked. */
#define REQUIRE(cond)                                                              \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond);   \
      exit(2);                                                                     \
    }                                                                              \
  } while (0)

static inline int check_finish(const char *suite) {
  fprintf(stderr, "%s: %d checks, %d failed\n", suite, check_count, check_failures);
  return check_failures == 0 && check_count > 0 ? 0 : 1;
}

#endif
