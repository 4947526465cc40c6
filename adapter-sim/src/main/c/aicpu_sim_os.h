/*
 * State and functions shared by the AICPU OS executable's translation units, split by concern:
 *   aicpu_sim_os.c        main: arguments, device memory, the control loop, die reset
 *   aicpu_sim_wire.c      the event side of the control protocol (aicpu_sim_wire.h)
 *   aicpu_sim_so_manager.c CANN's scheduler SO manager (type 2 and type 4 kernels)
 *   aicpu_sim_kfc.c       CANN's KFC extend library and its one-shot latches
 *   aicpu_sim_workers.c   each die's worker pool, tasks and blocks
 *   aicpu_sim_custom.c    the non-coherent custom scheduler (issue #822, F2)
 *   aicpu_sim_faults.c    fault injection in libc calls
 */
#ifndef AICPU_SIM_OS_H
#define AICPU_SIM_OS_H

#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

/* Fault switches, set by the host half (wire op FAULTS). Bit values are part of the wire format. */
#define AICPU_SIM_FAULT_DISK_FULL 1u
#define AICPU_SIM_FAULT_PERMISSION_DENIED 2u
#define AICPU_SIM_FAULT_TORN_WRITE 4u
#define AICPU_SIM_FAULT_CRASH 8u
#define AICPU_SIM_FAULT_WEDGED 16u

extern uint32_t g_sim_faults;
/* realpath of the chip's preinstall directory; faults only hit files below it. */
extern char g_sim_preinstall_real[4096];

/* Whether path (a file name, maybe not existing yet) lies in the preinstall directory. */
int aicpu_sim_in_preinstall(const char *path);
/* Same for an open descriptor (through /proc/self/fd). */
int aicpu_sim_fd_in_preinstall(int fd);

#define MAX_DIES 2

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

/* ---- process-wide state, set by main before the first request -------------------------------- */

extern struct die g_dies[MAX_DIES];
extern int g_die_count;
extern char g_private_dir[2048];
extern int g_reinvoke_init;
extern uint32_t g_slow_first_ms;
extern int g_cust_noncoherent;
extern char g_kernel_root[PATH_MAX]; /* the chip's /usr/lib64/aicpu_kernels/ */
extern long g_host_pid;
extern int g_mem_fd; /* the chip's device memory file, kept open for snapshot children */
extern uint8_t *g_mem_base;
extern size_t g_mem_size;
/* 1 while g_mem_base maps g_mem_fd itself, so the file holds what device code reads there; 0 in a
 * snapshot child, whose view is a private copy (aicpu_sim_custom.c). */
extern int g_mem_file_view;

/* ---- wire (aicpu_sim_wire.c) ----------------------------------------------------------------- */

/* Where events go: a private copy of the process's stdout, set by main. */
void wire_set_event_fd(int fd);
/* pthread_atfork handlers: a snapshot child never inherits the event lock held. */
void wire_lock_events(void);
void wire_unlock_events(void);
/* The device log sink (module, level, text of one DlogRecord call). */
void wire_log(int32_t device, int module_id, int level, const char *text);
/* Logs as CANN's AICPU scheduler would (module CCECPU = 3, level ERROR = 3). */
void sched_log(int32_t device, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wire_send_ready(uint64_t base, uint64_t size);
void wire_send_done(uint64_t task, int32_t rc, const char *message);
void wire_send_latch(uint32_t die, const char *path);

/* A request being decoded. */
struct reader {
  const uint8_t *p, *end;
};
int rd(struct reader *r, void *out, size_t n);
/* A wire string into a malloc'ed C string (NULL for the null string); 0, or -1 if malformed. */
int rd_str(struct reader *r, char **out);

/* ---- SO manager (aicpu_sim_so_manager.c) ----------------------------------------------------- */

/* snprintf into an error buffer; messages may be cut, which is fine for a log line. */
void set_err(char *err, size_t err_len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Resolves kernel in so_name under dir with the die's cache; returns NULL and fills err. */
kernel_fn so_manager_lookup(struct die *d, struct so_entry **cache, const char *dir,
                            const char *so_name, const char *kernel, char *err, size_t err_len);
void free_cache(struct so_entry **cache);

/* ---- KFC extend library (aicpu_sim_kfc.c) ---------------------------------------------------- */

/* Decides what a KFC launch runs. *fn NULL with rc 0 means "succeed without running". */
int kfc_resolve(struct die *d, int die_idx, const char *so_name, const char *kernel,
                uint8_t *args, uint32_t args_len, kernel_fn *fn, char *err, size_t err_len);

/* ---- fault report (aicpu_sim_fault.c) ---------------------------------------------------------- */

/* Reports a fault of device code (SIGSEGV, SIGBUS, SIGFPE, SIGILL) as one "aicpu_sim_os: fault:"
 * line on stderr (signal, address, and the file and offset of the faulting instruction) before
 * the process dies of it. */
void aicpu_sim_install_fault_report(void);
/* A thread's part of the report, at its start: an alternate signal stack (so that a stack
 * overflow is reported too) and its stack's bounds. Returns what aicpu_sim_fault_thread_leave
 * frees when the thread ends. */
void *aicpu_sim_fault_thread_enter(void);
void aicpu_sim_fault_thread_leave(void *alt);

/* ---- workers (aicpu_sim_workers.c) ----------------------------------------------------------- */

void start_pools(void);
/* Starts the relief thread (aicpu_sim_workers.c, "the reading role"); once, after start_pools. */
void start_relief(void);
/* Serves the reading role forever: reading requests (reader 1, the main thread) or standing by as
 * the relief (reader 0), swapping as launches run long. */
_Noreturn void serve_control(int reader);
/* The reader runs t's block 0 (the task) itself when a relief stands by: 1 if it still reads
 * afterwards, 0 if the relief took the reading over meanwhile; -1 without running t, when none
 * stands by (then hand t's block 0 to a worker). */
int run_inline(struct task *t);
/* Reads and handles requests until the relief took the reading over from this thread; exits the
 * process when the host goes away. */
void read_requests(void);
/* Runs b on a spare worker of its die, else on a thread of its own. */
void dispatch_work(struct block *b, int pooled);
/* dispatch_work for count consecutive blocks from first, decided under one hold of the pool lock. */
void dispatch_blocks(struct block *first, uint32_t count, int pooled);
/* Runs t->fn on t->num_blocks blocks; the first non-zero block result in block order, else 0. */
uint32_t run_blocks(struct task *t, int pooled);
void sleep_ms(uint32_t ms);

/* ---- custom scheduler (aicpu_sim_custom.c) --------------------------------------------------- */

/* Runs a type-4 kernel in a snapshot child (see aicpu_sim_custom.c); returns its result. */
uint32_t run_custom_snapshot(struct task *t);

#endif
