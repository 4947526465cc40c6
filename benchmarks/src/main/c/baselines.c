/*
 * libaicpu_bench_baselines.so: the native floors the Java benchmarks are divided by, called
 * through JNA direct mapping. Each does the same work as the Java path it is compared with, in
 * plain C, with nothing extra.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fdio.h"
#include "fingerprint.h"
#include "pool.h"
#include "wire.h"

#define BENCH_API __attribute__((visibility("default")))

extern char **environ;

/* ---- fingerprint: map the file, then PROTOCOL §5 with the dispatcher's own code ---------- */

/*
 * The fingerprint of the file at path (Build-ID, else FNV-1a over every byte), mapped read-only
 * like the Java side maps it. Returns 0 and sets *out, or -errno.
 */
BENCH_API int bench_fingerprint_file(const char *path, uint64_t *out) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return -errno;
  }
  struct stat st;
  if (fstat(fd, &st) != 0) {
    int e = errno;
    close(fd);
    return -e;
  }
  void *map = st.st_size == 0 ? NULL : mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
  close(fd);
  if (map == MAP_FAILED) {
    return -errno;
  }
  *out = aicpu_fingerprint(map, (size_t)st.st_size);
  if (map != NULL) {
    munmap(map, (size_t)st.st_size);
  }
  return 0;
}

/* ---- publish floor: what the dispatcher must do at least to place a file durably ---------- */

/*
 * Writes len bytes at bytes into dir/.name.tmp, fsyncs it, makes it 0755, renames it to
 * dir/name and fsyncs dir: the durable-publish sequence the dispatcher runs, without its
 * validation, fingerprint or logging. Returns 0 or -errno.
 */
BENCH_API int bench_publish(const char *dir, const char *name, const void *bytes, uint64_t len) {
  char tmp[512];
  if (snprintf(tmp, sizeof tmp, ".%s.tmp", name) >= (int)sizeof tmp) {
    return -ENAMETOOLONG;
  }
  int dirfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dirfd < 0) {
    return -errno;
  }
  int rc = 0;
  int fd = openat(dirfd, tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) {
    rc = -errno;
  } else {
    if (len > SIZE_MAX || fdio_write_all(fd, bytes, (size_t)len) != 0 || fsync(fd) != 0 || fchmod(fd, 0755) != 0) {
      rc = -errno;
    }
    if (close(fd) != 0 && rc == 0) {
      rc = -errno;
    }
    if (rc == 0 && renameat(dirfd, tmp, dirfd, name) != 0) {
      rc = -errno;
    }
    if (rc == 0 && fsync(dirfd) != 0) {
      rc = -errno;
    }
    if (rc != 0) {
      unlinkat(dirfd, tmp, 0);
    }
  }
  close(dirfd);
  return rc;
}

/* ---- in-process fan-out ------------------------------------------------------------------ */

BENCH_API void *bench_fanout_open(int threads) { return bench_pool_new(threads); }

BENCH_API int bench_fanout_round(void *pool) { return bench_pool_round(pool); }

BENCH_API void bench_fanout_close(void *pool) { bench_pool_free(pool); }

/* ---- IPC ping-pong with aicpu_bench_peer over a pipe pair --------------------------------- */

struct pingpong {
  pid_t pid;
  int to_peer;
  int from_peer;
  uint32_t response;
  uint8_t frame[BENCH_MAX_FRAME];
};

/*
 * Starts peer_path RESPONSE_BYTES with its stdin and stdout on two fresh pipes, as the simulator
 * starts its AICPU OS process. NULL on failure (errno set).
 */
BENCH_API void *bench_pingpong_open(const char *peer_path, int response_bytes) {
  if (response_bytes < 0 || (uint32_t)response_bytes + 4u > BENCH_MAX_FRAME) {
    errno = EINVAL;
    return NULL;
  }
  int down[2], up[2];
  if (pipe2(down, O_CLOEXEC) != 0) {
    return NULL;
  }
  if (pipe2(up, O_CLOEXEC) != 0) {
    close(down[0]);
    close(down[1]);
    return NULL;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, down[0], 0);
  posix_spawn_file_actions_adddup2(&actions, up[1], 1);
  char arg[32];
  snprintf(arg, sizeof arg, "%d", response_bytes);
  char *argv[] = {(char *)peer_path, arg, NULL};
  pid_t pid;
  int rc = posix_spawn(&pid, peer_path, &actions, NULL, argv, environ);
  posix_spawn_file_actions_destroy(&actions);
  close(down[0]);
  close(up[1]);
  if (rc != 0) {
    close(down[1]);
    close(up[0]);
    errno = rc;
    return NULL;
  }
  struct pingpong *pp = calloc(1, sizeof *pp);
  if (pp == NULL) {
    close(down[1]);
    close(up[0]);
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    return NULL;
  }
  pp->pid = pid;
  pp->to_peer = down[1];
  pp->from_peer = up[0];
  pp->response = (uint32_t)response_bytes;
  return pp;
}

/*
 * One round: a request frame of request_bytes payload bytes (the first word: blocks), then the
 * whole response frame. 0, or -errno.
 */
BENCH_API int bench_pingpong_round(void *handle, int request_bytes, int blocks) {
  struct pingpong *pp = handle;
  if (pp == NULL || request_bytes < 4 || (uint32_t)request_bytes + 4u > BENCH_MAX_FRAME ||
      blocks < 0 || blocks > BENCH_MAX_BLOCKS) {
    return -EINVAL;
  }
  uint32_t len = (uint32_t)request_bytes;
  uint32_t b = (uint32_t)blocks;
  memcpy(pp->frame, &len, 4);
  memcpy(pp->frame + 4 + BENCH_BLOCKS_OFFSET, &b, 4);
  if (fdio_write_all(pp->to_peer, pp->frame, 4u + len) != 0) {
    return -errno;
  }
  uint32_t got;
  if (fdio_read_all(pp->from_peer, &got, 4) != 0) {
    return -errno;
  }
  if (got != pp->response || fdio_read_all(pp->from_peer, pp->frame, got) != 0) {
    return -EPROTO;
  }
  return 0;
}

/* Closes the peer's stdin, waits for it to exit and frees the handle. The peer's exit status. */
BENCH_API int bench_pingpong_close(void *handle) {
  struct pingpong *pp = handle;
  if (pp == NULL) {
    return -EINVAL;
  }
  close(pp->to_peer);
  close(pp->from_peer);
  int status = 0;
  while (waitpid(pp->pid, &status, 0) < 0 && errno == EINTR) {
  }
  free(pp);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}
