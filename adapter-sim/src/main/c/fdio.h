/*
 * Whole-buffer read and write on a pipe or file descriptor, retrying on EINTR and short transfers.
 * Shared by the AICPU OS's control protocol and the benchmarks' IPC baseline (benchmarks/src/main/c),
 * which measures the same framing.
 */
#ifndef AICPU_FDIO_H
#define AICPU_FDIO_H

#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <unistd.h>

/* 0, or -1 with errno set (EPIPE when the other end closed first). */
static inline int fdio_read_all(int fd, void *p, size_t n) {
  uint8_t *c = p;
  while (n > 0) {
    ssize_t r = read(fd, c, n);
    if (r == 0) {
      errno = EPIPE;
      return -1;
    }
    if (r < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    c += r;
    n -= (size_t)r;
  }
  return 0;
}

/* 0, or -1 with errno set. */
static inline int fdio_write_all(int fd, const void *p, size_t n) {
  const uint8_t *c = p;
  while (n > 0) {
    ssize_t w = write(fd, c, n);
    if (w < 0) {
      if (errno == EINTR) {
        continue;
      }
      return -1;
    }
    c += w;
    n -= (size_t)w;
  }
  return 0;
}

#endif
