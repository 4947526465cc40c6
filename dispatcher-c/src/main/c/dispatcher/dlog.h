/* Bounded device logging for the dispatcher (DlogRecord, module CCECPU, "[aicpu-dispatcher] "). */
#ifndef AICPU_DISPATCHER_DLOG_H
#define AICPU_DISPATCHER_DLOG_H

#include "aicpu_device.h"

/* Longest formatted message; longer ones are truncated, never overrun. */
#define AICPU_LOG_BUFFER 1024

/*
 * Successful publishing and stub calls log at INFO, every failure at ERROR; housekeeping that
 * does not fail the call (a stale temporary that cannot be removed) at WARN. (Upstream logs all at
 * ERROR so that success shows at CANN's default level; a success that reads as an error misleads
 * whoever searches the device log for the first failure, P5.) Never called on the forwarding hot
 * path except on failure.
 */
void aicpu_log(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define AICPU_LOG_INFO(...) aicpu_log(AICPU_DLOG_INFO, __VA_ARGS__)
#define AICPU_LOG_WARN(...) aicpu_log(AICPU_DLOG_WARN, __VA_ARGS__)
#define AICPU_LOG_ERROR(...) aicpu_log(AICPU_DLOG_ERROR, __VA_ARGS__)

#endif
