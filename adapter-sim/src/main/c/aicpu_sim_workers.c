/*
 * How a die runs its launches: each die's worker pool, a task's blocks and the cores they may
 * occupy (OCCUPY, F28), and the task itself (resolve the kernel by type, run the blocks, report).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "aicpu_sim_device.h"
#include "aicpu_sim_os.h"
#include "aicpu_sim_wire.h"

/* ---- the die's workers ------------------------------------------------------------------------
 *
 * Each die starts with POOL_INITIAL worker threads waiting on the die's run queue, and grows its
 * pool on demand up to POOL_MAX: a unit of work that finds no spare worker (`spare`: workers idle,
 * or done with their work and only reporting it) starts one more worker while the pool is below
 * POOL_MAX. Workers never exit, so the pool settles at the largest number of units that were ever
 * in flight at once on the die (for one launch at a time: its block count, less block 0 when the
 * reader runs it, see "the reading role"), a launch costs a wake-up per block instead of a thread
 * creation once that many blocks have been seen, and the thread count at rest depends only on the
 * largest launches so far (F13: leak checks compare it exactly). Past POOL_MAX a unit runs on a
 * thread of its own that exits when the work is done, so overlapping launches still all run at
 * once, and a kernel's blocks never wait for a worker that some other kernel holds. */
#define POOL_INITIAL 8
#define POOL_MAX 64

/* A pool worker parks on a semaphore of its own while idle: a dispatch hands it a block under the
 * pool's lock and posts it after the unlock, so a launch wakes exactly the workers it needs, none of
 * them then contends for the lock to find its block, and a post that comes before the wait is kept
 * (no wake-up can be lost). */
struct worker {
  sem_t go;
  struct block *work;
  struct worker *next_idle;
};

struct pool {
  pthread_mutex_t lock;
  struct block *head, *tail; /* blocks for workers that are spare but not parked yet */
  struct worker *idle;       /* parked workers */
  uint32_t spare;
  uint32_t workers;
};

static struct pool g_pools[MAX_DIES];

static void run_other_block(struct block *b, int pooled);

/* A pool worker announces it is free before its last step (reporting completion), so the launch
 * that completion lets the host send finds it spare instead of starting a thread. */
static void worker_release(uint32_t die) {
  struct pool *p = &g_pools[die];
  pthread_mutex_lock(&p->lock);
  p->spare++;
  pthread_mutex_unlock(&p->lock);
}

/* How a thread that ran a task (its block 0) finishes it: which role it had. */
enum finish {
  FINISH_THREAD, /* a thread of its own, which exits */
  FINISH_WORKER, /* a pool worker, which declares itself spare */
  FINISH_READER  /* the reader, running the launch it read (run_inline) */
};

static int run_task(struct task *t, int pooled, enum finish finish);

static _Noreturn void worker_loop(struct pool *p) {
  struct worker self;
  if (sem_init(&self.go, 0, 0) != 0) {
    abort();
  }
  for (;;) {
    pthread_mutex_lock(&p->lock);
    struct block *b = p->head;
    if (b != NULL) {
      p->head = b->next;
      if (p->head == NULL) {
        p->tail = NULL;
      }
      pthread_mutex_unlock(&p->lock);
    } else {
      self.work = NULL;
      self.next_idle = p->idle;
      p->idle = &self;
      pthread_mutex_unlock(&p->lock);
      while (sem_wait(&self.go) != 0) {
        if (errno != EINTR) {
          abort();
        }
      }
      b = self.work;
    }
    if (b->idx == 0) {
      run_task(b->task, 1, FINISH_WORKER);
    } else {
      run_other_block(b, 1);
    }
  }
}

static void *worker_main(void *arg) {
  worker_loop(arg);
}

static void *overflow_main(void *arg) {
  struct block *b = arg;
  if (b->idx == 0) {
    run_task(b->task, 0, FINISH_THREAD);
  } else {
    run_other_block(b, 0);
  }
  return NULL;
}

struct thread_start {
  void *(*fn)(void *);
  void *arg;
};

/* Every thread that may run device code starts here: its part of the fault report first. */
static void *thread_main(void *p) {
  struct thread_start s = *(struct thread_start *)p;
  free(p);
  void *alt = aicpu_sim_fault_thread_enter();
  void *r = s.fn(s.arg);
  aicpu_sim_fault_thread_leave(alt);
  return r;
}

static void start_detached(void *(*fn)(void *), void *arg) {
  struct thread_start *s = malloc(sizeof *s);
  if (s == NULL) {
    abort();
  }
  s->fn = fn;
  s->arg = arg;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t th;
  if (pthread_create(&th, &attr, thread_main, s) != 0) {
    abort();
  }
  pthread_attr_destroy(&attr);
}

static void enqueue(struct pool *p, struct block *b) {
  b->next = NULL;
  if (p->tail == NULL) {
    p->head = b;
  } else {
    p->tail->next = b;
  }
  p->tail = b;
}

/* Runs count consecutive blocks from first, each on a spare worker of its die, else on a new worker
 * while the pool may grow, else on a thread of its own: one hold of the pool's lock decides all of
 * them, and the parked workers chosen are posted after it. pooled is 0 in a snapshot child of the
 * custom scheduler, which has no workers (fork copies only the calling thread). */
void dispatch_blocks(struct block *first, uint32_t count, int pooled) {
  uint32_t overflow = 0;
  if (pooled && count > 0) {
    struct pool *p = &g_pools[first->task->die];
    struct worker *wake = NULL;
    uint32_t grow = 0;
    pthread_mutex_lock(&p->lock);
    for (; overflow < count; overflow++) {
      struct block *b = &first[overflow];
      if (p->spare > 0) {
        p->spare--;
        struct worker *w = p->idle;
        if (w != NULL) {
          p->idle = w->next_idle;
          w->work = b;
          w->next_idle = wake;
          wake = w;
        } else {
          enqueue(p, b); /* a worker that is spare but not parked yet takes it when it loops */
        }
      } else if (p->workers < POOL_MAX) {
        /* The new worker takes a unit from the queue at once: it is never spare before that. */
        p->workers++;
        enqueue(p, b);
        grow++;
      } else {
        break;
      }
    }
    pthread_mutex_unlock(&p->lock);
    while (wake != NULL) {
      struct worker *w = wake;
      wake = w->next_idle; /* read before the post: the worker may park again at once */
      sem_post(&w->go);
    }
    for (; grow > 0; grow--) {
      start_detached(worker_main, p);
    }
  }
  for (; overflow < count; overflow++) {
    start_detached(overflow_main, &first[overflow]);
  }
}

void dispatch_work(struct block *b, int pooled) { dispatch_blocks(b, 1, pooled); }

void start_pools(void) {
  for (int i = 0; i < g_die_count; i++) {
    struct pool *p = &g_pools[i];
    pthread_mutex_init(&p->lock, NULL);
    p->spare = POOL_INITIAL;
    p->workers = POOL_INITIAL;
    for (int w = 0; w < POOL_INITIAL; w++) {
      start_detached(worker_main, p);
    }
  }
}

/* ---- the reading role --------------------------------------------------------------------------
 *
 * One thread at a time reads the requests (the reader: the main thread at first). It runs a
 * launch's block 0 (the task) itself, so a launch wakes no thread for its task, while a second
 * thread, the relief, stands by: should the launch still run one to two RELIEF_PERIOD_US later,
 * the relief takes the reading over, so a long or hanging kernel never keeps the requests behind
 * it (another stream's launch, a die reset, the shutdown) unread for longer than that; the former
 * reader stands by as the relief once its launch is done, before it reports the completion. While
 * no relief stands by (after a takeover, until the launch that caused it is done) the reader hands
 * block 0 to a pool worker of the launch's die instead and reads on.
 *
 * The reader's side costs no system call: a launch sequence number and the role word, both atomic.
 * The relief looks at them once a period while launches come, and sleeps on a futex once none
 * came for RELIEF_IDLE_PERIODS; the first launch after that wakes it (the one system call, after
 * an idle spell). Before, the reader woke a spare worker on every launch to read on, a wake-up and
 * two or three context switches the launch's round trip paid for. Two threads hold the roles
 * at any time (the thread count does not change when they swap), neither ever a pool worker.
 *
 * On the card the AICPU scheduler starts launches of other streams while one runs; here such a
 * launch starts at most two periods late while a kernel runs on the reader: a delay, not a
 * difference in what runs or in what the host sees. */
#define RELIEF_PERIOD_US 500
#define RELIEF_IDLE_PERIODS 20

enum role {
  ROLE_IDLE,   /* a relief stands by; the reader runs no launch */
  ROLE_INLINE, /* a relief stands by; the reader runs a launch */
  ROLE_TAKEN   /* the relief took the reading over; the former reader still runs its launch */
};

static uint32_t g_role = ROLE_IDLE;
static uint64_t g_inline_seq;     /* launches the reader started running itself */
static uint32_t g_relief_parked;  /* 1 while the relief sleeps on it (a futex word) */

static void futex_wait(uint32_t *word, uint32_t value) {
  (void)syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, NULL, NULL, 0);
}

static void futex_wake(uint32_t *word) {
  (void)syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
}

static void sleep_us(long us) {
  struct timespec ts = {0, us * 1000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

int run_inline(struct task *t) {
  /* The sequence moves first, so a relief that sees this launch running sees its new number. */
  __atomic_add_fetch(&g_inline_seq, 1, __ATOMIC_SEQ_CST);
  uint32_t idle = ROLE_IDLE;
  if (!__atomic_compare_exchange_n(&g_role, &idle, ROLE_INLINE, 0, __ATOMIC_SEQ_CST,
                                   __ATOMIC_SEQ_CST)) {
    return -1;
  }
  /* Pairs with park(): either the relief sees this launch running, or this sees it parked. */
  if (__atomic_load_n(&g_relief_parked, __ATOMIC_SEQ_CST) != 0 &&
      __atomic_exchange_n(&g_relief_parked, 0, __ATOMIC_SEQ_CST) != 0) {
    futex_wake(&g_relief_parked);
  }
  return run_task(t, 1, FINISH_READER);
}

/* The reader's launch is done: 1 if it still reads, 0 if the relief took the reading over (the
 * calling thread stands by as the relief from here on). */
static int end_inline(void) {
  uint32_t running = ROLE_INLINE;
  if (__atomic_compare_exchange_n(&g_role, &running, ROLE_IDLE, 0, __ATOMIC_SEQ_CST,
                                  __ATOMIC_SEQ_CST)) {
    return 1;
  }
  __atomic_store_n(&g_role, ROLE_IDLE, __ATOMIC_SEQ_CST);
  return 0;
}

/* The relief sleeps until the reader starts a launch, unless one started since it last looked. */
static void park(uint64_t seen) {
  __atomic_store_n(&g_relief_parked, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&g_role, __ATOMIC_SEQ_CST) == ROLE_IDLE &&
      __atomic_load_n(&g_inline_seq, __ATOMIC_SEQ_CST) == seen) {
    while (__atomic_load_n(&g_relief_parked, __ATOMIC_SEQ_CST) != 0) {
      futex_wait(&g_relief_parked, 1);
    }
  }
  __atomic_store_n(&g_relief_parked, 0, __ATOMIC_SEQ_CST);
}

/* Stands by as the relief; returns once this thread took the reading over from a reader whose
 * launch ran through a whole period. */
static void relieve(void) {
  uint64_t seen = __atomic_load_n(&g_inline_seq, __ATOMIC_SEQ_CST);
  int seen_running = 0;
  unsigned quiet = 0;
  for (;;) {
    uint64_t seq = __atomic_load_n(&g_inline_seq, __ATOMIC_SEQ_CST);
    if (__atomic_load_n(&g_role, __ATOMIC_SEQ_CST) == ROLE_INLINE) {
      if (seen_running && seq == seen) {
        uint32_t running = ROLE_INLINE;
        if (__atomic_compare_exchange_n(&g_role, &running, ROLE_TAKEN, 0, __ATOMIC_SEQ_CST,
                                        __ATOMIC_SEQ_CST)) {
          return;
        }
        continue; /* the launch ended meanwhile */
      }
      seen_running = 1;
      seen = seq;
      quiet = 0;
    } else {
      seen_running = 0;
      if (seq != seen) {
        seen = seq;
        quiet = 0;
      } else if (++quiet >= RELIEF_IDLE_PERIODS) {
        quiet = 0;
        park(seen);
        continue;
      }
    }
    sleep_us(RELIEF_PERIOD_US);
  }
}

void serve_control(int reader) {
  for (;;) {
    if (reader) {
      read_requests(); /* returns when this thread is to stand by as the relief */
    }
    relieve();
    reader = 1;
  }
}

static void *relief_main(void *arg) {
  (void)arg;
  serve_control(0);
}

void start_relief(void) { start_detached(relief_main, NULL); }

/* Runs one block of t on the calling thread, holding one of the launch's cores meanwhile. */
static void run_block(struct task *t, struct block *b) {
  struct cores *c = &t->cores;
  pthread_mutex_lock(&c->lock);
  while (c->free == 0) {
    pthread_cond_wait(&c->freed, &c->lock);
  }
  c->free--;
  pthread_mutex_unlock(&c->lock);
  aicpu_sim_device_enter_block(t->device);
  if (__atomic_load_n(&g_sim_faults, __ATOMIC_ACQUIRE) & AICPU_SIM_FAULT_CRASH) {
    raise(SIGSEGV);
  }
  b->rc = t->fn(t->args);
  pthread_mutex_lock(&c->lock);
  c->free++;
  pthread_cond_signal(&c->freed);
  pthread_mutex_unlock(&c->lock);
}

/* popcount of the die's OCCUPY mask as halGetDeviceInfo reports it; unlimited when unknown. */
static uint32_t occupied_cores(int32_t device) {
  int64_t mask = 0;
  if (device < 0 ||
      aicpu_sim_device_hal_info((uint32_t)device, 1 /* AICPU */, 8 /* OCCUPY */, &mask) != 0 ||
      mask == 0) {
    return UINT32_MAX;
  }
  return (uint32_t)__builtin_popcountll((unsigned long long)mask);
}

void sleep_ms(uint32_t ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* Runs t->fn on t->num_blocks blocks: block 0 on the calling thread, the others on other threads
 * (workers when pooled); returns the first non-zero block result in block order, else 0. */
uint32_t run_blocks(struct task *t, int pooled) {
  t->cores.free = occupied_cores(t->device);
  t->running = t->num_blocks - 1;
  dispatch_blocks(&t->blocks[1], t->num_blocks - 1, pooled);
  run_block(t, &t->blocks[0]);
  pthread_mutex_lock(&t->lock);
  while (t->running > 0) {
    pthread_cond_wait(&t->finished, &t->lock);
  }
  pthread_mutex_unlock(&t->lock);
  for (uint32_t i = 0; i < t->num_blocks; i++) {
    if (t->blocks[i].rc != 0) {
      return t->blocks[i].rc;
    }
  }
  return 0;
}

/* A block other than 0: run it, then (a worker first declaring itself spare) count it finished.
 * The task may be freed as soon as the count reaches 0, so nothing touches it after the unlock. */
static void run_other_block(struct block *b, int pooled) {
  struct task *t = b->task;
  uint32_t die = t->die;
  run_block(t, b);
  if (pooled) {
    worker_release(die);
  }
  pthread_mutex_lock(&t->lock);
  if (--t->running == 0) {
    pthread_cond_signal(&t->finished);
  }
  pthread_mutex_unlock(&t->lock);
}

static void free_task(struct task *t) {
  pthread_mutex_destroy(&t->lock);
  pthread_cond_destroy(&t->finished);
  pthread_mutex_destroy(&t->cores.lock);
  pthread_cond_destroy(&t->cores.freed);
  free(t->blocks);
  free(t->so_name);
  free(t->kernel);
  free(t->args);
  free(t);
}

/* A whole task (its block 0): resolve the kernel, run the blocks, report completion. For the
 * reader (FINISH_READER): 1 if it still reads after the launch, 0 if it stands by as the relief. */
static int run_task(struct task *t, int pooled, enum finish finish) {
  struct die *d = &g_dies[t->die];
  char err[1024] = "";
  kernel_fn fn = NULL;
  int rc = 0;

  while (__atomic_load_n(&g_sim_faults, __ATOMIC_ACQUIRE) & AICPU_SIM_FAULT_WEDGED) {
    sleep_ms(1000); /* a wedged device never finishes a task; the host's watchdog reaps it */
  }
  pthread_mutex_lock(&d->lock);
  int first = !d->launched;
  d->launched = 1;
  switch (t->kernel_type) {
    case 2:
      if (t->so_name == NULL || t->kernel == NULL) {
        snprintf(err, sizeof err, "type-2 launch without so name or kernel name");
        rc = -1;
      } else {
        fn = so_manager_lookup(d, &d->sos, g_sim_preinstall_real, t->so_name, t->kernel, err,
                               sizeof err);
        rc = fn == NULL ? -1 : 0;
      }
      break;
    case 4:
      if (t->so_name == NULL || t->kernel == NULL) {
        snprintf(err, sizeof err, "custom launch without so name or kernel name");
        rc = -1;
      } else {
        fn = so_manager_lookup(d, &d->cust_sos, d->cust_dir, t->so_name, t->kernel, err,
                               sizeof err);
        rc = fn == NULL ? -1 : 0;
      }
      break;
    case 5:
      rc = kfc_resolve(d, (int)t->die, t->so_name, t->kernel, t->args, t->args_len, &fn, err,
                       sizeof err);
      break;
    default:
      snprintf(err, sizeof err, "kernel type %u is not run by the AICPU", t->kernel_type);
      rc = -1;
  }
  pthread_mutex_unlock(&d->lock);
  uint32_t slow = __atomic_load_n(&g_slow_first_ms, __ATOMIC_ACQUIRE);
  if (first && slow > 0) {
    sleep_ms(slow); /* a slow first launch: the lazy module load of F23 */
  }

  uint32_t kernel_rc = 0;
  if (rc == 0 && fn != NULL) {
    t->fn = fn;
    t->device = d->device_id;
    if (t->kernel_type == 4 && g_cust_noncoherent) {
      kernel_rc = run_custom_snapshot(t);
    } else {
      kernel_rc = run_blocks(t, pooled);
    }
    if (kernel_rc != 0) {
      snprintf(err, sizeof err, "kernel returned %u", kernel_rc);
      rc = -1;
    }
  }
  if (rc != 0) {
    sched_log(d->device_id,
              "PrintAicpuErrorInfo: soName=%s, funcName=%s, kernelType=%u, errorCode=0x%x: %s",
              t->so_name ? t->so_name : "(null)", t->kernel ? t->kernel : "(null)",
              t->kernel_type, WIRE_DEVICE_ERROR, err);
  }
  uint64_t id = t->id;
  uint32_t die = t->die;
  free_task(t);
  int reading = 0;
  if (finish == FINISH_WORKER) {
    worker_release(die);
  } else if (finish == FINISH_READER) {
    /* Before the completion: the launch it lets the host send finds a relief standing by. */
    reading = end_inline();
  }
  wire_send_done(id, rc != 0 ? WIRE_DEVICE_ERROR : 0, rc != 0 ? err : NULL);
  return reading;
}
