#include "dlog.h"

#include <stdarg.h>
#include <stdio.h>

void aicpu_log(int level, const char *fmt, ...) {
  char msg[AICPU_LOG_BUFFER];
  va_list ap;
  va_start(ap, fmt);
  (void)vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  DlogRecord(AICPU_DLOG_MODULE_CCECPU, level, "[aicpu-dispatcher] %s", msg);
}
