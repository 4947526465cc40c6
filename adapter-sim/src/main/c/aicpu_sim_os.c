/*
 * aicpu_sim_os: one simulated chip's "AICPU OS".
 *
 * Holds the chip's device memory (a shared file also mapped by the host half, so addresses in
 * argument blobs are real addresses here), runs each launch's numBlocks blocks on the die's worker
 * threads (see "the die's workers"), and emulates the device-side parts of CANN: the KFC extend
 * library with its firstCreatSo_/firstLoadSo_ latches and the scheduler's SO manager. Each die of
 * the chip has its own latches and SO caches, as each die has its own scheduler process on the
 * card; both dies share the preinstall directory.
 *
 * Custom kernels (type 4) run on the die's threads like type-2 kernels, unless the chip models a
 * non-coherent custom scheduler (issue #822, F2): then each type-4 launch runs in a forked child
 * whose view of device memory is a snapshot taken when the kernel starts (see run_custom_snapshot).
 *
 * Lifetime: exits when its control pipe (stdin) closes or its parent process goes away, so it
 * never outlives the JVM, and then deletes the device memory file the dead JVM cannot delete. A
 * crash or hang in device code takes this process down, never the JVM.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "aicpu_sim_device.h"
#include "aicpu_sim_os.h"
#include "aicpu_sim_wire.h"

#define MAX_DIES 2
#define AE_MAX_KERNEL_NAME 200 /* CANN's limits in the KFC library */
#define AE_MAX_SO_NAME 100
#define EXTEND_SO "libaicpu_extend_kernels.so"

/* Offsets into the bootstrap blob and DeviceArgs (PROTOCOL.md 2.1/2.2). Duplicated from the
 * protocol on purpose: the simulator is an independent model of CANN, not a user of domain. */
#define ARGS_DEVICE_ARGS_PTR 40
#define DEVARGS_AICPU_SO_BIN 96
#define DEVARGS_AICPU_SO_LEN 104
#define DEVARGS_DEVICE_ID 112
_Static_assert(ARGS_DEVICE_ARGS_PTR == 5 * 8, "DeviceArgs pointer follows unused[5]");
_Static_assert(DEVARGS_AICPU_SO_BIN == 12 * 8, "aicpu_so_bin follows unused[12]");
_Static_assert(DEVARGS_AICPU_SO_LEN == DEVARGS_AICPU_SO_BIN + 8, "aicpu_so_len");
_Static_assert(DEVARGS_DEVICE_ID == DEVARGS_AICPU_SO_LEN + 8, "device_id");

typedef uint32_t (*kernel_fn)(void *);

struct fn_entry {
  char *name;
  kernel_fn fn;
  struct fn_entry *next;
};

struct so_entry {
  char *name;
  void *handle;
  struct fn_entry *fns;
  struct so_entry *next;
};

struct die {
  int32_t device_id;
  char cust_dir[PATH_MAX];
  pthread_mutex_t lock;
  struct so_entry *sos;      /* SO manager (type 2), keyed by SO name, for the process's life */
  struct so_entry *cust_sos; /* custom scheduler (type 4) */
  int first_creat_so;        /* KFC latches */
  int first_load_so;
  char kfc_path[PATH_MAX];
  void *kfc_handle;
  kernel_fn kfc_init, kfc_server, kfc_static;
  int launched;
};

static struct die g_dies[MAX_DIES];
static int g_die_count;
static char g_private_dir[2048];
static int g_reinvoke_init;
static uint32_t g_slow_first_ms;
static int g_event_fd = -1;
static pthread_mutex_t g_event_lock = PTHREAD_MUTEX_INITIALIZER;
static int g_cust_noncoherent;
static char g_kernel_root[PATH_MAX]; /* the chip's /usr/lib64/aicpu_kernels/ */
static long g_host_pid;
static char g_shm_path[PATH_MAX]; /* unlinked when the host vanishes without closing us */
static int g_mem_fd = -1; /* the chip's device memory file, kept open for snapshot children */
static uint8_t *g_mem_base;
static size_t g_mem_size;

/* ---- events ---------------------------------------------------------------------------- */

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

static void write_all(int fd, const uint8_t *p, size_t n) {
  while (n > 0) {
    ssize_t w = syscall(SYS_write, fd, p, n);
    if (w < 0) {
      if (errno == EINTR) {
        continue;
      }
      _exit(3); /* the host is gone */
    }
    p += w;
    n -= (size_t)w;
  }
}

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
  write_all(g_event_fd, frame, 4 + payload->len);
  pthread_mutex_unlock(&g_event_lock);
  free(frame);
  free(payload->data);
}

/* Held across fork so a snapshot child never inherits it locked. */
static void lock_events(void) { pthread_mutex_lock(&g_event_lock); }
static void unlock_events(void) { pthread_mutex_unlock(&g_event_lock); }

static void log_sink(int32_t device, int module_id, int level, const char *text) {
  struct buf b = {0};
  buf_put(&b, &(uint8_t){WIRE_EV_LOG}, 1);
  buf_u32(&b, (uint32_t)device);
  buf_u32(&b, (uint32_t)module_id);
  buf_u32(&b, (uint32_t)level);
  buf_str(&b, text);
  send_event(&b);
}

/* Logs as CANN's AICPU scheduler would (module CCECPU = 3, level ERROR = 3). */
static void sched_log(int32_t device, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sched_log(int32_t device, const char *fmt, ...) {
  char text[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(text, sizeof text, fmt, ap);
  va_end(ap);
  log_sink(device, 3, 3, text);
}

static void send_done(uint64_t task, int32_t rc, const char *message) {
  struct buf b = {0};
  buf_put(&b, &(uint8_t){WIRE_EV_DONE}, 1);
  buf_u64(&b, task);
  buf_u32(&b, (uint32_t)rc);
  buf_str(&b, message);
  send_event(&b);
}

/* ---- SO manager (type 2 / type 4) ------------------------------------------------------ */

static int valid_so_name(const char *name) {
  if (name[0] == '\0') {
    return 0;
  }
  for (const char *p = name; *p; p++) {
    char c = *p;
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '.' || c == '_' || c == '-';
    if (!ok) {
      return 0;
    }
  }
  return 1;
}

/* snprintf into an error buffer; messages may be cut, which is fine for a log line. */
static void set_err(char *err, size_t err_len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t err_len, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, err_len, fmt, ap);
  va_end(ap);
}

/* SingleSoManager::Init: dlopen guard/so_name if its realpath stays under guard. Returns the
 * handle, or NULL with why in err. */
static void *open_under_guard(const char *guard_dir, const char *so_name, char *err,
                              size_t err_len) {
  char guard[PATH_MAX];
  char path[PATH_MAX * 2];
  char real[PATH_MAX];
  if (realpath(guard_dir, guard) == NULL) {
    set_err(err, err_len, "directory %.400s does not exist", guard_dir);
    return NULL;
  }
  snprintf(path, sizeof path, "%s/%s", guard, so_name);
  if (realpath(path, real) == NULL) {
    set_err(err, err_len, "%.400s not found: %.100s", path, strerror(errno));
    return NULL;
  }
  size_t gl = strlen(guard);
  if (strncmp(real, guard, gl) != 0 || real[gl] != '/') {
    set_err(err, err_len, "%.100s resolves to %.300s, outside %.300s", so_name, real, guard);
    return NULL;
  }
  void *h = dlopen(real, RTLD_LAZY | RTLD_LOCAL);
  if (h == NULL) {
    set_err(err, err_len, "dlopen %.300s failed: %.400s", real, dlerror());
  }
  return h;
}

/* MultiSoManager::CreateSingleSoMgr (PROTOCOL 7.3): the kind's directory, then the kernel root
 * (/usr/lib64/aicpu_kernels/ on the card), then <dir>/<hostPid>_<deviceId>/; each attempt is
 * guarded by its own directory. */
static void *so_manager_open(struct die *d, const char *dir, const char *so_name, char *err,
                             size_t err_len) {
  char e1[512] = "", e2[512] = "", e3[512] = "";
  void *h = open_under_guard(dir, so_name, e1, sizeof e1);
  if (h != NULL) {
    return h;
  }
  char root[PATH_MAX];
  char dir_real[PATH_MAX];
  if (realpath(g_kernel_root, root) == NULL || realpath(dir, dir_real) == NULL ||
      strcmp(root, dir_real) != 0) {
    h = open_under_guard(g_kernel_root, so_name, e2, sizeof e2);
    if (h != NULL) {
      return h;
    }
    char pid_dir[PATH_MAX * 2];
    snprintf(pid_dir, sizeof pid_dir, "%s/%ld_%d", dir, g_host_pid, d->device_id);
    h = open_under_guard(pid_dir, so_name, e3, sizeof e3);
    if (h != NULL) {
      return h;
    }
  }
  set_err(err, err_len, "load so %s failed: [%s] [%s] [%s]", so_name, e1, e2, e3);
  return NULL;
}

/* Resolves kernel in so_name under dir with the die's cache; returns NULL and fills err. */
static kernel_fn so_manager_lookup(struct die *d, struct so_entry **cache, const char *dir,
                                   const char *so_name, const char *kernel, char *err,
                                   size_t err_len) {
  if (!valid_so_name(so_name)) {
    snprintf(err, err_len, "invalid so name '%s' (allowed: [a-zA-Z0-9-_.])", so_name);
    return NULL;
  }
  struct so_entry *so = NULL;
  for (struct so_entry *e = *cache; e != NULL; e = e->next) {
    if (strcmp(e->name, so_name) == 0) {
      so = e;
      break;
    }
  }
  if (so == NULL) {
    void *h = so_manager_open(d, dir, so_name, err, err_len);
    if (h == NULL) {
      return NULL;
    }
    so = calloc(1, sizeof *so);
    so->name = strdup(so_name);
    so->handle = h;
    so->next = *cache;
    *cache = so;
  }
  for (struct fn_entry *f = so->fns; f != NULL; f = f->next) {
    if (strcmp(f->name, kernel) == 0) {
      return f->fn;
    }
  }
  kernel_fn fn = (kernel_fn)dlsym(so->handle, kernel);
  if (fn == NULL) {
    snprintf(err, err_len, "get kernel failed: %s not in %s (errCode 11003)", kernel, so_name);
    return NULL;
  }
  struct fn_entry *f = calloc(1, sizeof *f);
  f->name = strdup(kernel);
  f->fn = fn;
  f->next = so->fns;
  so->fns = f;
  return fn;
}

static void free_cache(struct so_entry **cache) {
  struct so_entry *e = *cache;
  while (e != NULL) {
    struct so_entry *next = e->next;
    struct fn_entry *f = e->fns;
    while (f != NULL) {
      struct fn_entry *fn = f->next;
      free(f->name);
      free(f);
      f = fn;
    }
    dlclose(e->handle);
    free(e->name);
    free(e);
    e = next;
  }
  *cache = NULL;
}

/* ---- KFC extend library ------------------------------------------------------------------- */

/* SaveSoFile: the first successful save latches; later calls succeed without writing. */
static int kfc_save_so(struct die *d, int die_idx, const uint8_t *bin, uint64_t len, char *err,
                       size_t err_len) {
  if (d->first_creat_so || len < 1) {
    return 0;
  }
  snprintf(d->kfc_path, sizeof d->kfc_path, "%s/libaicpu_kfc_server_%d.so", g_private_dir,
           die_idx);
  int fd = (int)syscall(SYS_openat, AT_FDCWD, d->kfc_path, O_WRONLY | O_CREAT | O_TRUNC, 0755);
  if (fd < 0) {
    snprintf(err, err_len, "SaveSoFile: open %s failed: %s", d->kfc_path, strerror(errno));
    return -1;
  }
  const uint8_t *p = bin;
  uint64_t left = len;
  while (left > 0) {
    ssize_t w = syscall(SYS_write, fd, p, left);
    if (w <= 0) {
      snprintf(err, err_len, "SaveSoFile: write %s failed", d->kfc_path);
      close(fd);
      return -1;
    }
    p += w;
    left -= (uint64_t)w;
  }
  close(fd);
  d->first_creat_so = 1;
  return 0;
}

/* SetTileFwkKernelMap: the first successful load latches all three symbols. */
static int kfc_load_so(struct die *d, int die_idx, char *err, size_t err_len) {
  if (d->first_load_so) {
    return 0;
  }
  if (!d->first_creat_so) {
    snprintf(err, err_len, "SetTileFwkKernelMap: no server SO was saved");
    return -1;
  }
  void *h = dlopen(d->kfc_path, RTLD_LAZY | RTLD_LOCAL);
  if (h == NULL) {
    snprintf(err, err_len, "SetTileFwkKernelMap: dlopen failed: %s", dlerror());
    return -1;
  }
  static const char *const names[3] = {"StaticTileFwkBackendKernelServer",
                                       "DynTileFwkBackendKernelServerInit",
                                       "DynTileFwkBackendKernelServer"};
  kernel_fn fns[3];
  for (int i = 0; i < 3; i++) {
    fns[i] = (kernel_fn)dlsym(h, names[i]);
    if (fns[i] == NULL) {
      snprintf(err, err_len, "SetTileFwkKernelMap: %s missing, the SO is unmappable", names[i]);
      dlclose(h);
      return -1;
    }
  }
  d->kfc_handle = h;
  d->kfc_static = fns[0];
  d->kfc_init = fns[1];
  d->kfc_server = fns[2];
  d->first_load_so = 1;
  struct buf b = {0};
  buf_put(&b, &(uint8_t){WIRE_EV_LATCH}, 1);
  buf_u32(&b, (uint32_t)die_idx);
  buf_str(&b, d->kfc_path);
  send_event(&b);
  return 0;
}

/* Decides what a KFC launch runs. *fn NULL with rc 0 means "succeed without running". */
static int kfc_resolve(struct die *d, int die_idx, const char *so_name, const char *kernel,
                       uint8_t *args, uint32_t args_len, kernel_fn *fn, char *err,
                       size_t err_len) {
  *fn = NULL;
  if (kernel == NULL || kernel[0] == '\0') {
    snprintf(err, err_len, "KFC: kernel name is null");
    return -1;
  }
  if (strlen(kernel) > AE_MAX_KERNEL_NAME) {
    snprintf(err, err_len, "KFC: kernel name longer than %d", AE_MAX_KERNEL_NAME);
    return -1;
  }
  if (so_name != NULL && strlen(so_name) > AE_MAX_SO_NAME) {
    snprintf(err, err_len, "KFC: so name longer than %d", AE_MAX_SO_NAME);
    return -1;
  }
  if (so_name != NULL && strcmp(so_name, EXTEND_SO) == 0) {
    if (strcmp(kernel, "DynTileFwkKernelServerInit") == 0) {
      if (args_len < ARGS_DEVICE_ARGS_PTR + 8) {
        snprintf(err, err_len, "KFC Init: args blob of %u bytes has no DeviceArgs pointer",
                 args_len);
        return -1;
      }
      uint64_t dev_args;
      memcpy(&dev_args, args + ARGS_DEVICE_ARGS_PTR, 8);
      if (dev_args == 0) {
        snprintf(err, err_len, "KFC Init: DeviceArgs pointer is null");
        return -1;
      }
      const uint8_t *da = (const uint8_t *)(uintptr_t)dev_args;
      uint64_t bin, len;
      memcpy(&bin, da + DEVARGS_AICPU_SO_BIN, 8);
      memcpy(&len, da + DEVARGS_AICPU_SO_LEN, 8);
      int was_loaded = d->first_load_so;
      if (kfc_save_so(d, die_idx, (const uint8_t *)(uintptr_t)bin, len, err, err_len) != 0 ||
          kfc_load_so(d, die_idx, err, err_len) != 0) {
        return -1;
      }
      if (!was_loaded || g_reinvoke_init) {
        *fn = d->kfc_init;
      }
      return 0;
    }
    if (strcmp(kernel, "DynTileFwkKernelServer") == 0) {
      if (!d->first_load_so) {
        snprintf(err, err_len, "KFC Server: no server SO loaded");
        return -1;
      }
      *fn = d->kfc_server;
      return 0;
    }
  }
  if (so_name != NULL && so_name[0] != '\0') {
    *fn = so_manager_lookup(d, &d->sos, g_sim_preinstall_real, so_name, kernel, err, err_len);
  }
  if (*fn == NULL) {
    *fn = (kernel_fn)dlsym(RTLD_DEFAULT, kernel);
  }
  if (*fn == NULL) {
    if (err[0] == '\0') {
      snprintf(err, err_len, "KFC: kernel %s not found", kernel);
    }
    return -1;
  }
  return 0;
}

/* ---- launches ------------------------------------------------------------------------------ */

/* The AICPU cores a launch may occupy (F28, P16): only popcount(OCCUPY) blocks run at once; the
 * others wait for a core to free up, as threads parked on a sink CPU would. A kernel whose blocks
 * wait for each other (a barrier across all blocks) therefore deadlocks when launched with more
 * blocks than cores, and the watchdog reaps it. */
struct cores {
  pthread_mutex_t lock;
  pthread_cond_t freed;
  uint32_t free;
};

struct task;

/* One block of a launch; also the unit of work a die's worker runs (block 0 stands for the whole
 * task: it resolves the kernel, runs block 0 itself and reports completion). */
struct block {
  struct task *task;
  uint32_t idx;
  uint32_t rc;
  struct block *next; /* in the die's run queue */
};

struct task {
  uint64_t id;
  uint32_t die;
  uint32_t kernel_type;
  uint32_t num_blocks; /* blocks that run: as requested, 1 for a request of 0 */
  char *so_name;
  char *kernel;
  uint8_t *args;
  uint32_t args_len;
  /* Set once the kernel is resolved, before any block but block 0 starts. */
  kernel_fn fn;
  int32_t device;
  struct cores cores;
  struct block *blocks;    /* num_blocks of them */
  pthread_mutex_t lock;    /* guards running */
  pthread_cond_t finished; /* signalled when running reaches 0 */
  uint32_t running;        /* blocks 1..n-1 not finished yet */
};

/* ---- the die's workers ------------------------------------------------------------------------
 *
 * Each die has POOL_WORKERS threads, created at start and never more, waiting on the die's run
 * queue: a launch costs a wake-up instead of a thread creation, and the process's thread count
 * does not depend on how launches happened to overlap. A unit of work goes to the queue only when
 * a worker is free to take it without waiting on anything (`spare`: workers idle, or done with
 * their work and only reporting it); otherwise it runs on a thread of its own that exits when the
 * work is done, so overlapping launches still run at once, as they did with a thread per launch,
 * and a kernel's blocks never wait for a worker that some other kernel holds. */
#define POOL_WORKERS 8

struct pool {
  pthread_mutex_t lock;
  pthread_cond_t ready;
  struct block *head, *tail;
  uint32_t spare;
};

static struct pool g_pools[MAX_DIES];

static void run_work(struct block *b, int pooled);

/* A pool worker announces it is free before its last step (reporting completion), so the launch
 * that completion lets the host send finds it spare instead of starting a thread. */
static void worker_release(uint32_t die) {
  struct pool *p = &g_pools[die];
  pthread_mutex_lock(&p->lock);
  p->spare++;
  pthread_mutex_unlock(&p->lock);
}

static void *worker_main(void *arg) {
  struct pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    while (p->head == NULL) {
      pthread_cond_wait(&p->ready, &p->lock);
    }
    struct block *b = p->head;
    p->head = b->next;
    if (p->head == NULL) {
      p->tail = NULL;
    }
    pthread_mutex_unlock(&p->lock);
    run_work(b, 1);
  }
  return NULL;
}

static void *overflow_main(void *arg) {
  run_work(arg, 0);
  return NULL;
}

static void start_detached(void *(*fn)(void *), void *arg) {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t th;
  if (pthread_create(&th, &attr, fn, arg) != 0) {
    abort();
  }
  pthread_attr_destroy(&attr);
}

/* Runs b on a spare worker of its die, else on a thread of its own. pooled is 0 in a snapshot
 * child of the custom scheduler, which has no workers (fork copies only the calling thread). */
static void dispatch_work(struct block *b, int pooled) {
  struct pool *p = &g_pools[b->task->die];
  if (pooled) {
    pthread_mutex_lock(&p->lock);
    if (p->spare > 0) {
      p->spare--;
      b->next = NULL;
      if (p->tail == NULL) {
        p->head = b;
      } else {
        p->tail->next = b;
      }
      p->tail = b;
      pthread_cond_signal(&p->ready);
      pthread_mutex_unlock(&p->lock);
      return;
    }
    pthread_mutex_unlock(&p->lock);
  }
  start_detached(overflow_main, b);
}

static void start_pools(void) {
  for (int i = 0; i < g_die_count; i++) {
    struct pool *p = &g_pools[i];
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->ready, NULL);
    p->spare = POOL_WORKERS;
    for (int w = 0; w < POOL_WORKERS; w++) {
      start_detached(worker_main, p);
    }
  }
}

/* Runs one block of t on the calling thread, holding one of the launch's cores meanwhile. */
static void run_block(struct task *t, struct block *b) {
  struct cores *c = &t->cores;
  pthread_mutex_lock(&c->lock);
  while (c->free == 0) {
    pthread_cond_wait(&c->freed, &c->lock);
  }
  c->free--;
  pthread_mutex_unlock(&c->lock);
  aicpu_sim_device_enter_block(t->device, b->idx, t->num_blocks);
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
  if (device < 0 || halGetDeviceInfo((uint32_t)device, 1 /* AICPU */, 8 /* OCCUPY */, &mask) != 0 ||
      mask == 0) {
    return UINT32_MAX;
  }
  return (uint32_t)__builtin_popcountll((unsigned long long)mask);
}

static void sleep_ms(uint32_t ms) {
  struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
  while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
  }
}

/* Runs t->fn on t->num_blocks blocks: block 0 on the calling thread, the others on other threads
 * (workers when pooled); returns the first non-zero block result in block order, else 0. */
static uint32_t run_blocks(struct task *t, int pooled) {
  t->cores.free = occupied_cores(t->device);
  t->running = t->num_blocks - 1;
  for (uint32_t i = 1; i < t->num_blocks; i++) {
    dispatch_work(&t->blocks[i], pooled);
  }
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
static uint32_t run_custom_snapshot(struct task *t) {
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

/* A whole task (its block 0): resolve the kernel, run the blocks, report completion. */
static void run_task(struct task *t, int pooled) {
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
  if (pooled) {
    worker_release(die);
  }
  send_done(id, rc != 0 ? WIRE_DEVICE_ERROR : 0, rc != 0 ? err : NULL);
}

static void run_work(struct block *b, int pooled) {
  if (b->idx == 0) {
    run_task(b->task, pooled);
  } else {
    run_other_block(b, pooled);
  }
}

/* ---- control loop -------------------------------------------------------------------------- */

static int read_all(int fd, void *p, size_t n) {
  uint8_t *c = p;
  while (n > 0) {
    ssize_t r = read(fd, c, n);
    if (r == 0) {
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

struct reader {
  const uint8_t *p, *end;
};

static int rd(struct reader *r, void *out, size_t n) {
  if ((size_t)(r->end - r->p) < n) {
    return -1;
  }
  memcpy(out, r->p, n);
  r->p += n;
  return 0;
}

static int rd_str(struct reader *r, char **out) {
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
  memcpy(*out, r->p, n);
  (*out)[n] = '\0';
  r->p += n;
  return 0;
}

static void handle_launch(struct reader *r) {
  struct task *t = calloc(1, sizeof *t);
  if (rd(r, &t->id, 8) || rd(r, &t->die, 4) || rd(r, &t->kernel_type, 4) ||
      rd(r, &t->num_blocks, 4) || rd_str(r, &t->so_name) || rd_str(r, &t->kernel) ||
      rd(r, &t->args_len, 4) || (size_t)(r->end - r->p) < t->args_len ||
      t->die >= (uint32_t)g_die_count) {
    fprintf(stderr, "aicpu_sim_os: malformed launch request\n");
    _exit(4);
  }
  /* CANN copies the args to device memory; here the OS heap is device memory. */
  t->args = malloc(t->args_len ? t->args_len : 1);
  memcpy(t->args, r->p, t->args_len);
  if (t->num_blocks == 0) {
    t->num_blocks = 1;
  }
  t->blocks = calloc(t->num_blocks, sizeof *t->blocks);
  if (t->args == NULL || t->blocks == NULL) {
    abort();
  }
  for (uint32_t i = 0; i < t->num_blocks; i++) {
    t->blocks[i].task = t;
    t->blocks[i].idx = i;
  }
  pthread_mutex_init(&t->lock, NULL);
  pthread_cond_init(&t->finished, NULL);
  pthread_mutex_init(&t->cores.lock, NULL);
  pthread_cond_init(&t->cores.freed, NULL);
  dispatch_work(&t->blocks[0], 1);
}

static void reset_die(uint32_t idx) {
  if (idx >= (uint32_t)g_die_count) {
    return;
  }
  struct die *d = &g_dies[idx];
  pthread_mutex_lock(&d->lock);
  free_cache(&d->sos);
  free_cache(&d->cust_sos);
  if (d->kfc_handle != NULL) {
    dlclose(d->kfc_handle);
  }
  d->kfc_handle = NULL;
  d->kfc_init = d->kfc_server = d->kfc_static = NULL;
  d->first_creat_so = d->first_load_so = 0;
  d->launched = 0;
  pthread_mutex_unlock(&d->lock);
}

/* The host died (crash, SIGKILL, halt) or dropped us without a shutdown request: nobody else will
 * delete the device memory file, so it goes with this process. A chip restart never races this:
 * the host only restarts a chip whose process has already exited. */
static _Noreturn void host_gone(int status) {
  if (g_shm_path[0] != '\0') {
    unlink(g_shm_path);
  }
  _exit(status);
}

static void *parent_watch(void *p) {
  pid_t parent = (pid_t)(intptr_t)p;
  for (;;) {
    if (getppid() != parent) {
      host_gone(2);
    }
    sleep_ms(250);
  }
  return NULL;
}

static void usage(void) {
  fprintf(stderr,
          "usage: aicpu_sim_os --shm FILE --size BYTES [--base-hint ADDR] --preinstall DIR\n"
          "       --private DIR --kernel-root DIR --host-pid PID [--reinvoke-init 0|1]\n"
          "       [--cust-noncoherent 0|1]\n"
          "       --die DEVICE_ID:CUST_DIR (1-2 times)\n"
          "       [--hal DEV:MODULE:INFO:VALUE ...]\n");
  exit(64);
}

int main(int argc, char **argv) {
  const char *shm = NULL;
  const char *preinstall = NULL;
  uint64_t size = 0;
  uint64_t base_hint = 0;
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    const char *v = i + 1 < argc ? argv[i + 1] : NULL;
    if (v == NULL) {
      usage();
    }
    i++;
    if (strcmp(a, "--shm") == 0) {
      shm = v;
      snprintf(g_shm_path, sizeof g_shm_path, "%s", v);
    } else if (strcmp(a, "--size") == 0) {
      size = strtoull(v, NULL, 0);
    } else if (strcmp(a, "--base-hint") == 0) {
      base_hint = strtoull(v, NULL, 0);
    } else if (strcmp(a, "--preinstall") == 0) {
      preinstall = v;
    } else if (strcmp(a, "--private") == 0) {
      snprintf(g_private_dir, sizeof g_private_dir, "%s", v);
    } else if (strcmp(a, "--kernel-root") == 0) {
      snprintf(g_kernel_root, sizeof g_kernel_root, "%s", v);
    } else if (strcmp(a, "--host-pid") == 0) {
      g_host_pid = strtol(v, NULL, 10);
    } else if (strcmp(a, "--cust-noncoherent") == 0) {
      g_cust_noncoherent = atoi(v);
    } else if (strcmp(a, "--reinvoke-init") == 0) {
      g_reinvoke_init = atoi(v);
    } else if (strcmp(a, "--die") == 0) {
      if (g_die_count >= MAX_DIES) {
        usage();
      }
      struct die *d = &g_dies[g_die_count++];
      char *colon = NULL;
      d->device_id = (int32_t)strtol(v, &colon, 10);
      if (colon == NULL || *colon != ':') {
        usage();
      }
      snprintf(d->cust_dir, sizeof d->cust_dir, "%s", colon + 1);
      pthread_mutex_init(&d->lock, NULL);
    } else if (strcmp(a, "--hal") == 0) {
      unsigned dev;
      int module, info;
      long long value;
      if (sscanf(v, "%u:%d:%d:%lld", &dev, &module, &info, &value) != 4) {
        usage();
      }
      aicpu_sim_device_add_hal_info(dev, module, info, value);
    } else {
      usage();
    }
  }
  if (shm == NULL || preinstall == NULL || size == 0 || g_die_count == 0 ||
      g_private_dir[0] == '\0' || g_kernel_root[0] == '\0' || g_host_pid <= 0) {
    usage();
  }
  if (realpath(preinstall, g_sim_preinstall_real) == NULL) {
    fprintf(stderr, "aicpu_sim_os: preinstall directory %s: %s\n", preinstall, strerror(errno));
    return 65;
  }
  aicpu_sim_device_set_preinstall_dir(g_sim_preinstall_real);
  signal(SIGPIPE, SIG_IGN);

  /* Events go to a private copy of stdout; fd 1 then points at stderr so printf in device code
   * cannot corrupt the protocol. */
  g_event_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (g_event_fd < 0 || dup2(2, 1) < 0) {
    return 66;
  }
  aicpu_sim_device_set_log_sink(log_sink);
  pthread_atfork(lock_events, unlock_events, unlock_events);

  int fd = (int)syscall(SYS_openat, AT_FDCWD, shm, O_RDWR | O_CLOEXEC);
  if (fd < 0) {
    fprintf(stderr, "aicpu_sim_os: open %s: %s\n", shm, strerror(errno));
    return 67;
  }
  void *base = MAP_FAILED;
  if (base_hint != 0) {
    base = mmap((void *)(uintptr_t)base_hint, size, PROT_READ | PROT_WRITE,
                MAP_SHARED | MAP_FIXED_NOREPLACE, fd, 0);
  }
  if (base == MAP_FAILED) {
    base = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  }
  if (base == MAP_FAILED) {
    fprintf(stderr, "aicpu_sim_os: mmap: %s\n", strerror(errno));
    return 68;
  }
  g_mem_fd = fd;
  g_mem_base = base;
  g_mem_size = (size_t)size;

  pthread_t watcher;
  pthread_create(&watcher, NULL, parent_watch, (void *)(intptr_t)getppid());
  pthread_detach(watcher);

  start_pools();

  struct buf ready = {0};
  buf_put(&ready, &(uint8_t){WIRE_EV_READY}, 1);
  buf_u64(&ready, (uint64_t)(uintptr_t)base);
  buf_u64(&ready, size);
  send_event(&ready);

  for (;;) {
    uint32_t len;
    if (read_all(0, &len, 4) != 0) {
      host_gone(0); /* the host closed the control pipe */
    }
    uint8_t *msg = malloc(len ? len : 1);
    if (read_all(0, msg, len) != 0 || len < 1) {
      host_gone(0);
    }
    struct reader r = {msg + 1, msg + len};
    switch (msg[0]) {
      case WIRE_OP_LAUNCH:
        handle_launch(&r);
        break;
      case WIRE_OP_FAULTS: {
        uint32_t flags = 0, slow = 0;
        if (rd(&r, &flags, 4) || rd(&r, &slow, 4)) {
          _exit(4);
        }
        __atomic_store_n(&g_sim_faults, flags, __ATOMIC_RELEASE);
        __atomic_store_n(&g_slow_first_ms, slow, __ATOMIC_RELEASE);
        break;
      }
      case WIRE_OP_RESET_DIE: {
        uint32_t die = 0;
        if (rd(&r, &die, 4)) {
          _exit(4);
        }
        reset_die(die);
        break;
      }
      case WIRE_OP_SHUTDOWN:
        _exit(0);
      default:
        fprintf(stderr, "aicpu_sim_os: unknown request %u\n", msg[0]);
        _exit(4);
    }
    free(msg);
  }
}
