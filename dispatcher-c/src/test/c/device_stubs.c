/*
 * Test-only definitions of the symbols the AICPU OS provides (aicpu_device.h). Linked into ctest
 * executables, which export them (-rdynamic) so that a dlopen'ed dispatcher or runtime binds to
 * them exactly as it binds to the AICPU process's on a card.
 */
#include "device_stubs.h"

#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define EXPORT __attribute__((visibility("default")))
#define LOG_SLOTS 256
#define LOG_LINE 1100

static char g_log[LOG_SLOTS][LOG_LINE];
static int g_log_level[LOG_SLOTS];
static int g_log_count;
static pthread_mutex_t g_log_lock = PTHREAD_MUTEX_INITIALIZER;

EXPORT void DlogRecord(int moduleId, int level, const char *fmt, ...) {
  char line[LOG_LINE];
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  fprintf(stderr, "[dlog module=%d level=%d] %s\n", moduleId, level, line);
  pthread_mutex_lock(&g_log_lock);
  const int slot = g_log_count % LOG_SLOTS;
  memcpy(g_log[slot], line, sizeof line);
  g_log_level[slot] = level;
  ++g_log_count;
  pthread_mutex_unlock(&g_log_lock);
}

EXPORT int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType,
                            int64_t *value) {
  (void)moduleType;
  (void)infoType;
  *value = devId;
  return 0;
}

static int log_search(int level, const char *needle) {
  int found = 0;
  pthread_mutex_lock(&g_log_lock);
  const int n = g_log_count < LOG_SLOTS ? g_log_count : LOG_SLOTS;
  for (int i = 0; i < n && !found; ++i) {
    found = strstr(g_log[i], needle) != NULL && (level < 0 || g_log_level[i] == level);
  }
  pthread_mutex_unlock(&g_log_lock);
  return found;
}

int test_log_contains(const char *needle) { return log_search(-1, needle); }
int test_log_contains_at(int level, const char *needle) { return log_search(level, needle); }

void test_log_clear(void) {
  pthread_mutex_lock(&g_log_lock);
  g_log_count = 0;
  pthread_mutex_unlock(&g_log_lock);
}
