/* Test-only stand-ins for the AICPU OS symbols (see device_stubs.c). */
#ifndef AICPU_TEST_DEVICE_STUBS_H
#define AICPU_TEST_DEVICE_STUBS_H

#include <stdint.h>

/* 1 if any DlogRecord message since the last clear contains needle. */
int test_log_contains(const char *needle);
/* 1 if a message at the given level containing needle was logged. */
int test_log_contains_at(int level, const char *needle);
void test_log_clear(void);

#endif
