/*
 * The non-coherent custom scheduler (issue #822, F2): each type-4 launch runs in a forked child
 * whose view of device memory is a snapshot taken when the kernel starts.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aicpu_sim_os.h"
#include "aicpu_sim_wire.h"

/* ---- non-coherent custom scheduler (issue #822, F2) ------------------------------------------
 *
 * On the card the custom scheduler's threads sit outside the snoop domain of the other engines:
 * lines they cached stay stale, and lines they dirtied reach HBM when evicted. The model, in a
 * child forked per launch so only this kernel's view changes:
 *   - reads: device memory as it was when the kernel started (a private copy mapped over the
 *     shared mapping at the same addresses); a later write by the host or another engine is never
 *     seen, so a kernel that spins on such a write never finishes and the watchdog reaps it;
 *   - writes: every CACHE_LINE bytes the kernel changed are written back to the real device memory
 *     periodically and when the kernel ends, a whole line at a time, which also overwrites what
 *     another engine wrote to the same line meanwhile (what dc civac did in #822).
 * The child costs two copies of the chip's device memory while it runs.
 */
#define CACHE_LINE 64
#define EVICT_PAGE 4096

struct evictor {
  uint8_t *view;   /* what the kernel sees (at the device memory's addresses) */
  uint8_t *clean;  /* the line contents last written back */
  uint8_t *shared; /* the real device memory, mapped elsewhere */
  size_t size;
  int stop;
};

static void evict_dirty_lines(struct evictor *e) {
  for (size_t page = 0; page < e->size; page += EVICT_PAGE) {
    size_t end = page + EVICT_PAGE < e->size ? page + EVICT_PAGE : e->size;
    if (memcmp(e->view + page, e->clean + page, end - page) == 0) {
      continue;
    }
    for (size_t line = page; line < end; line += CACHE_LINE) {
      size_t n = end - line < CACHE_LINE ? end - line : CACHE_LINE;
      uint8_t copy[CACHE_LINE];
      memcpy(copy, e->view + line, n); /* one read, so clean and shared agree even if torn */
      if (memcmp(copy, e->clean + line, n) != 0) {
        memcpy(e->shared + line, copy, n);
        memcpy(e->clean + line, copy, n);
      }
    }
  }
}

static uint64_t now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

static void *evictor_main(void *p) {
  struct evictor *e = p;
  while (!__atomic_load_n(&e->stop, __ATOMIC_ACQUIRE)) {
    uint64_t start = now_ms();
    evict_dirty_lines(e);
    uint64_t took = now_ms() - start;
    sleep_ms(took * 3 > 1 ? (uint32_t)(took * 3) : 1); /* bounded share of a core (F36) */
  }
  return NULL;
}

static void *map_anonymous(size_t size) {
  void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE,
                 -1, 0);
  if (p == MAP_FAILED) {
    fprintf(stderr, "aicpu_sim_os: custom scheduler: mmap: %s\n", strerror(errno));
    _exit(70);
  }
  return p;
}

static _Noreturn void custom_child(struct task *t, uint32_t *result) {
  struct evictor e = {0};
  e.size = g_mem_size;
  e.shared = mmap(NULL, e.size, PROT_READ | PROT_WRITE, MAP_SHARED, g_mem_fd, 0);
  if (e.shared == MAP_FAILED) {
    fprintf(stderr, "aicpu_sim_os: custom scheduler: mmap shared: %s\n", strerror(errno));
    _exit(70);
  }
  /* From here on the view at g_mem_base is not the file: writes of it must go through it. */
  __atomic_store_n(&g_mem_file_view, 0, __ATOMIC_RELEASE);
  e.clean = map_anonymous(e.size);
  memcpy(e.clean, e.shared, e.size);
  uint8_t *snapshot = map_anonymous(e.size);
  memcpy(snapshot, e.clean, e.size);
  if (mremap(snapshot, e.size, e.size, MREMAP_MAYMOVE | MREMAP_FIXED, g_mem_base) == MAP_FAILED) {
    fprintf(stderr, "aicpu_sim_os: custom scheduler: mremap: %s\n", strerror(errno));
    _exit(70);
  }
  e.view = g_mem_base;
  pthread_t evictor;
  if (pthread_create(&evictor, NULL, evictor_main, &e) != 0) {
    _exit(70);
  }
  uint32_t rc = run_blocks(t, 0);
  __atomic_store_n(&e.stop, 1, __ATOMIC_RELEASE);
  pthread_join(evictor, NULL);
  evict_dirty_lines(&e);
  __atomic_store_n(result, rc, __ATOMIC_RELEASE);
  _exit(0);
}

/* Runs a type-4 kernel in a snapshot child; a child killed by a signal takes the chip down with
 * the same signal, as a crash in the custom scheduler would. */
uint32_t run_custom_snapshot(struct task *t) {
  uint32_t *result =
      mmap(NULL, sizeof *result, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (result == MAP_FAILED) {
    abort();
  }
  *result = WIRE_DEVICE_ERROR;
  pid_t parent = getpid();
  pid_t pid = fork();
  if (pid < 0) {
    abort();
  }
  if (pid == 0) {
    /* Dies with the thread that forked it, so a reaped AICPU OS leaves no child behind. */
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) {
      _exit(71);
    }
    custom_child(t, result);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      abort();
    }
  }
  uint32_t rc = __atomic_load_n(result, __ATOMIC_ACQUIRE);
  munmap(result, sizeof *result);
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return WIRE_DEVICE_ERROR;
  }
  return rc;
}
