/*
 * aicpu_sim_os: one simulated chip's "AICPU OS".
 *
 * Holds the chip's device memory (a shared file also mapped by the host half, so addresses in
 * argument blobs are real addresses here), runs each launch's numBlocks blocks on the die's worker
 * threads, block 0 mostly on the thread that read the launch (aicpu_sim_workers.c), and emulates
 * the device-side parts of CANN: the KFC extend library with its firstCreatSo_/firstLoadSo_
 * latches and the scheduler's SO manager. Each die of the chip has its own latches and SO caches,
 * as each die has its own scheduler process on the card; both dies share the preinstall
 * directory.
 *
 * Custom kernels (type 4) run on the die's threads like type-2 kernels, unless the chip models a
 * non-coherent custom scheduler (issue #822, F2): then each type-4 launch runs in a forked child
 * whose view of device memory is a snapshot taken when the kernel starts (aicpu_sim_custom.c).
 *
 * Lifetime: exits when its control pipe (stdin) closes or its parent process goes away, so it
 * never outlives the JVM, and then deletes the device memory file the dead JVM cannot delete. A
 * crash or hang in device code takes this process down, never the JVM.
 *
 * Process group: the process leads a group of its own, which every process a kernel forks joins,
 * and is a child subreaper, so a kernel's double-forked daemon stays its descendant. The host kills
 * the whole group when the process exits (it takes the chip's death from the exit, not from EOF on
 * a pipe a forked child may hold); when the host is gone this process kills the group itself.
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
#include "fdio.h"

struct die g_dies[MAX_DIES];
int g_die_count;
char g_private_dir[2048];
int g_reinvoke_init;
uint32_t g_slow_first_ms;
int g_cust_noncoherent;
char g_kernel_root[PATH_MAX];
long g_host_pid;
int g_mem_fd = -1;
uint8_t *g_mem_base;
size_t g_mem_size;
int g_mem_file_view;
static char g_shm_path[PATH_MAX]; /* unlinked when the host vanishes without closing us */

/* Decodes a launch request into a task (exits on a malformed one). */
static struct task *parse_launch(struct reader *r) {
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
  return t;
}

/* Runs a launch: on the calling thread (the reader) when a relief stands by, else by handing its
 * block 0 to a worker. 0 when the calling thread is no longer the reader. */
static int run_launch(struct task *t) {
  int reading = run_inline(t);
  if (reading < 0) {
    dispatch_work(&t->blocks[0], 1);
    return 1;
  }
  return reading;
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
  /* Whatever a kernel forked goes too (this process with it: nobody waits for its status). */
  if (getpgrp() == getpid()) {
    kill(0, SIGKILL);
  }
  _exit(status);
}

/*
 * The host's orderly shutdown. Whatever a kernel forked goes first, all at once: this process, the
 * group's leader, moves into its parent's group and kills its own old group with one kill(2); then
 * it exits 0. Status 0 after a shutdown request thus tells the host that no member is left, so it
 * need not look for any. Where the move is refused, the whole group goes as when the host is gone
 * (this process with it, by SIGKILL), and the host looks.
 */
static _Noreturn void shut_down(void) {
  pid_t self = getpid();
  if (getpgrp() == self) {
    if (setpgid(0, getpgid(getppid())) == 0) {
      (void)kill(-self, SIGKILL);
      _exit(0);
    }
    kill(0, SIGKILL);
  }
  _exit(0);
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

void read_requests(void) {
  for (;;) {
    uint32_t len;
    if (fdio_read_all(0, &len, 4) != 0) {
      host_gone(0); /* the host closed the control pipe */
    }
    uint8_t *msg = malloc(len ? len : 1);
    if (msg == NULL || fdio_read_all(0, msg, len) != 0 || len < 1) {
      host_gone(0);
    }
    struct reader r = {msg + 1, msg + len};
    switch (msg[0]) {
      case WIRE_OP_LAUNCH: {
        struct task *t = parse_launch(&r);
        free(msg);
        if (!run_launch(t)) {
          return;
        }
        continue;
      }
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
        shut_down();
      default:
        fprintf(stderr, "aicpu_sim_os: unknown request %u\n", msg[0]);
        _exit(4);
    }
    free(msg);
  }
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
  /* Its own process group (a terminal's Ctrl-C reaches the host, whose shutdown closes the chip),
   * holding whatever device code forks; see the header. */
  (void)setpgid(0, 0);
  (void)prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
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
  signal(SIGPIPE, SIG_IGN);
  aicpu_sim_install_fault_report();

  /* Events go to a private copy of stdout; fd 1 then points at stderr so printf in device code
   * cannot corrupt the protocol. */
  int event_fd = fcntl(1, F_DUPFD_CLOEXEC, 3);
  if (event_fd < 0 || dup2(2, 1) < 0) {
    return 66;
  }
  /* Line by line, so a kernel's printf reaches the host's device log as the kernel runs, not when
   * a full buffer or the exit flushes it. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  wire_set_event_fd(event_fd);
  aicpu_sim_device_set_log_sink(wire_log);
  pthread_atfork(wire_lock_events, wire_unlock_events, wire_unlock_events);

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
  __atomic_store_n(&g_mem_file_view, 1, __ATOMIC_RELEASE);

  pthread_t watcher;
  pthread_create(&watcher, NULL, parent_watch, (void *)(intptr_t)getppid());
  pthread_detach(watcher);

  start_pools();
  start_relief();

  wire_send_ready((uint64_t)(uintptr_t)base, size);

  serve_control(1);
}
