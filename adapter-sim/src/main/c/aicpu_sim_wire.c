/* The event side of the host/AICPU OS control protocol (aicpu_sim_wire.h) and request decoding. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "aicpu_sim_os.h"
#include "aicpu_sim_wire.h"
#include "fdio.h"

static int g_event_fd = -1;
static pthread_mutex_t g_event_lock = PTHREAD_MUTEX_INITIALIZER;

struct buf {
  uint8_t *data;
  size_t len, cap;
};

static void buf_put(struct buf *b, const void *p, size_t n) {
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 256;
    while (cap < b->len + n) {
      cap *= 2;
    }
    uint8_t *d = realloc(b->data, cap);
    if (d == NULL) {
      abort();
    }
    b->data = d;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
}

static void buf_u8(struct buf *b, uint8_t v) { buf_put(b, &v, 1); }
static void buf_u32(struct buf *b, uint32_t v) { buf_put(b, &v, 4); }
static void buf_u64(struct buf *b, uint64_t v) { buf_put(b, &v, 8); }
static void buf_str(struct buf *b, const char *s) {
  if (s == NULL) {
    buf_u32(b, UINT32_MAX);
    return;
  }
  uint32_t n = (uint32_t)strlen(s);
  buf_u32(b, n);
  buf_put(b, s, n);
}

void wire_set_event_fd(int fd) { g_event_fd = fd; }

/* One write per frame: frames up to PIPE_BUF bytes stay whole even when a snapshot child of the
 * custom scheduler (a separate process sharing this pipe) logs at the same time. */
static void send_event(struct buf *payload) {
  uint32_t len = (uint32_t)payload->len;
  uint8_t *frame = malloc(4 + payload->len);
  if (frame == NULL) {
    abort();
  }
  memcpy(frame, &len, 4);
  memcpy(frame + 4, payload->data, payload->len);
  pthread_mutex_lock(&g_event_lock);
  if (fdio_write_all(g_event_fd, frame, 4 + payload->len) != 0) {
    _exit(3); /* the host is gone */
  }
  pthread_mutex_unlock(&g_event_lock);
  free(frame);
  free(payload->data);
}

/* Held across fork so a snapshot child never inherits it locked. */
void wire_lock_events(void) { pthread_mutex_lock(&g_event_lock); }
void wire_unlock_events(void) { pthread_mutex_unlock(&g_event_lock); }

void wire_log(int32_t device, int module_id, int level, const char *text) {
  struct buf b = {0};
  buf_u8(&b, WIRE_EV_LOG);
  buf_u32(&b, (uint32_t)device);
  buf_u32(&b, (uint32_t)module_id);
  buf_u32(&b, (uint32_t)level);
  buf_str(&b, text);
  send_event(&b);
}

void sched_log(int32_t device, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  wire_log(device, 3, 3, text);
}

void wire_send_ready(uint64_t base, uint64_t size) {
  struct buf b = {0};
  buf_u8(&b, WIRE_EV_READY);
  buf_u64(&b, base);
  buf_u64(&b, size);
  buf_u32(&b, (uint32_t)g_event_fd);
  send_event(&b);
}

void wire_send_done(uint64_t task, int32_t rc, const char *message) {
  struct buf b = {0};
  buf_u8(&b, WIRE_EV_DONE);
  buf_u64(&b, task);
  buf_u32(&b, (uint32_t)rc);
  buf_str(&b, message);
  send_event(&b);
}

void wire_send_latch(uint32_t die, const char *path) {
  struct buf b = {0};
  buf_u8(&b, WIRE_EV_LATCH);
  buf_u32(&b, die);
  buf_str(&b, path);
  send_event(&b);
}

int rd(struct reader *r, void *out, size_t n) {
  if ((size_t)(r->end - r->p) < n) {
    return -1;
  }
  memcpy(out, r->p, n);
  r->p += n;
  return 0;
}

int rd_str(struct reader *r, char **out) {
  uint32_t n;
  *out = NULL;
  if (rd(r, &n, 4) != 0) {
    return -1;
  }
  if (n == UINT32_MAX) {
    return 0;
  }
  if ((size_t)(r->end - r->p) < n) {
    return -1;
  }
  *out = malloc(n + 1);
  if (*out == NULL) {
    abort();
  }
  memcpy(*out, r->p, n);
  (*out)[n] = '\0';
  r->p += n;
  return 0;
}
