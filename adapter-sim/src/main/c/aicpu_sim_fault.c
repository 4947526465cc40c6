/*
 * The fault report of the simulated AICPU: when device code faults (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL), one line on stderr before the process dies of the same signal, so the host can say
 * where:
 *
 *   aicpu_sim_os: fault: signal=11 addr=0x0 pc=0x7f12345671a9 off=0x11a9 so=/…/simpler_inner_…_0.so
 *
 * `off` and `so` (last: a path may hold blanks) name the instruction's address in the shared object
 * that holds it, relative to where that object was loaded (what `addr2line -e` takes), and the
 * object's file; both are left out when the instruction is in no mapped file. `addr` is left out
 * for SIGFPE and SIGILL (it is the instruction's own address) and for a signal that was sent, not
 * caused (raise, kill: then `from=PID` names the sender, `raised=1` this process itself), and for a
 * SIGSEGV without one (SI_KERNEL: a non-canonical pointer on x86-64). The handler makes system
 * calls only (openat, read, write, close, getpid, rt_sigaction, tgkill through raise): the file is
 * found by reading
 * /proc/self/maps, not through the dynamic loader, whose lock the faulting thread may hold, and not
 * through the simulated libc's wrappers of open and write. The first thread to fault reports and
 * ends the process with the same signal (default disposition, raised again), so its exit status is
 * the one the fault would have given; a thread that faults meanwhile waits for that end. A debugger
 * stops at the fault before the handler runs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <ucontext.h>
#include <unistd.h>

#include "aicpu_sim_os.h"

#define FAULT_PREFIX "aicpu_sim_os: fault: "

struct line_buf {
  char text[1024];
  size_t len;
};

static void put(struct line_buf *b, const char *s) {
  size_t n = strlen(s);
  if (n > sizeof b->text - 1 - b->len) {
    n = sizeof b->text - 1 - b->len;
  }
  memcpy(b->text + b->len, s, n);
  b->len += n;
}

/* v in base 10 or 16, without a prefix. */
static void put_num(struct line_buf *b, uint64_t v, unsigned base) {
  char rev[21];
  char digits[21];
  int n = 0;
  do {
    rev[n++] = "0123456789abcdef"[v % base];
    v /= base;
  } while (v != 0);
  for (int i = 0; i < n; i++) {
    digits[i] = rev[n - 1 - i];
  }
  digits[n] = '\0';
  put(b, digits);
}

static void put_hex(struct line_buf *b, uint64_t v) {
  put(b, "0x");
  put_num(b, v, 16);
}

static void put_dec(struct line_buf *b, int v) { put_num(b, v < 0 ? 0u : (uint64_t)v, 10); }

static uint64_t parse_hex(const char **p) {
  uint64_t v = 0;
  for (;; (*p)++) {
    char c = **p;
    if (c >= '0' && c <= '9') {
      v = v << 4 | (uint64_t)(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v = v << 4 | (uint64_t)(c - 'a' + 10);
    } else {
      return v;
    }
  }
}

/* p past the blanks and then the field that follow it. */
static const char *skip_field(const char *p) {
  while (*p == ' ') {
    p++;
  }
  while (*p != ' ' && *p != '\0') {
    p++;
  }
  return p;
}

/* A line of /proc/self/maps, "start-end perms offset dev inode   path", in parts. */
struct mapping {
  uint64_t start, end, offset;
  const char *path; /* NULL for an anonymous mapping, [stack], [vdso] */
};

static int parse_mapping(const char *line, struct mapping *m) {
  const char *p = line;
  m->start = parse_hex(&p);
  if (*p++ != '-') {
    return 0;
  }
  m->end = parse_hex(&p);
  p = skip_field(p); /* perms */
  while (*p == ' ') {
    p++;
  }
  m->offset = parse_hex(&p);
  p = skip_field(skip_field(p)); /* dev, inode */
  while (*p == ' ') {
    p++;
  }
  m->path = *p == '/' ? p : NULL;
  return 1;
}

/* Where the file mapped at offset 0 last began: the load base of the object whose later
 * mappings follow it. */
static uint64_t g_base;
static char g_base_path[PATH_MAX + 1];

/* Looks pc up in /proc/self/maps, line by line through a fixed buffer; appends " off=0x… so=PATH"
 * to b when a file holds it. */
static void locate(uint64_t pc, struct line_buf *b) {
  int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  static char chunk[4096];
  static char line[PATH_MAX + 128];
  size_t len = 0;
  int skipping = 0; /* a line longer than the buffer: ignored up to its end */
  g_base_path[0] = '\0';
  for (;;) {
    ssize_t n = (ssize_t)syscall(SYS_read, fd, chunk, sizeof chunk);
    if (n <= 0) {
      break;
    }
    for (ssize_t i = 0; i < n; i++) {
      char c = chunk[i];
      if (c != '\n') {
        if (len < sizeof line - 1) {
          line[len++] = c;
        } else {
          skipping = 1;
        }
        continue;
      }
      line[len] = '\0';
      struct mapping m;
      if (!skipping && parse_mapping(line, &m) && m.path != NULL) {
        if (m.offset == 0 && strlen(m.path) < sizeof g_base_path) {
          g_base = m.start;
          memcpy(g_base_path, m.path, strlen(m.path) + 1);
        }
        if (pc >= m.start && pc < m.end) {
          /* The address in the object, as its program headers and addr2line count: from the load
           * base when the object's first mapping was seen, else from the file offset (the same for
           * the usual layout, where a segment's address equals its offset). */
          uint64_t off = strcmp(g_base_path, m.path) == 0 ? pc - g_base : pc - m.start + m.offset;
          put(b, " off=");
          put_hex(b, off);
          put(b, " so=");
          put(b, m.path);
          syscall(SYS_close, fd);
          return;
        }
      }
      len = 0;
      skipping = 0;
    }
  }
  syscall(SYS_close, fd);
}

/* The lowest address of the calling thread's stack, 0 while unknown: a fault with the stack
 * pointer below it, or at an address just below it, is a stack overflow. */
static _Thread_local uintptr_t tls_stack_lo;

/* The size of a thread's alternate signal stack: the handler's frame and its buffers. */
#define ALT_STACK (64 * 1024)

static void note_stack(void) {
  pthread_attr_t a;
  if (pthread_getattr_np(pthread_self(), &a) != 0) {
    return;
  }
  void *addr;
  size_t size;
  if (pthread_attr_getstack(&a, &addr, &size) == 0) {
    tls_stack_lo = (uintptr_t)addr;
  }
  pthread_attr_destroy(&a);
}

void *aicpu_sim_fault_thread_enter(void) {
  note_stack();
  stack_t ss = {.ss_sp = malloc(ALT_STACK), .ss_size = ALT_STACK, .ss_flags = 0};
  if (ss.ss_sp != NULL && sigaltstack(&ss, NULL) != 0) {
    free(ss.ss_sp);
    return NULL;
  }
  return ss.ss_sp;
}

void aicpu_sim_fault_thread_leave(void *alt) {
  if (alt != NULL) {
    stack_t off = {.ss_sp = NULL, .ss_size = 0, .ss_flags = SS_DISABLE};
    sigaltstack(&off, NULL);
    free(alt);
  }
}

/* Set by the first thread to fault: the others wait for the end it brings. */
static atomic_int g_reporting;

static void on_fault(int sig, siginfo_t *info, void *context) {
  if (atomic_exchange(&g_reporting, 1) != 0) {
    for (;;) {
      pause(); /* the first thread's report ends the process */
    }
  }
  struct line_buf b = {.len = 0};
  put(&b, FAULT_PREFIX "signal=");
  put_dec(&b, sig);
  if (info->si_code <= 0) {
    /* Sent (raise, kill, sigqueue): si_addr would be the sender's pid, and no instruction faulted. */
    if ((long)info->si_pid == syscall(SYS_getpid)) {
      put(&b, " raised=1");
    } else {
      put(&b, " from=");
      put_dec(&b, (int)info->si_pid);
    }
  } else {
    /* SI_KERNEL: no address (on x86-64, an access through a non-canonical pointer). */
    if ((sig == SIGSEGV || sig == SIGBUS) && info->si_code != SI_KERNEL) {
      put(&b, " addr=");
      put_hex(&b, (uint64_t)(uintptr_t)info->si_addr);
    }
#if defined(__x86_64__)
    uint64_t pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
    uint64_t sp = (uint64_t)((ucontext_t *)context)->uc_mcontext.gregs[REG_RSP];
#elif defined(__aarch64__)
    uint64_t pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.pc;
    uint64_t sp = (uint64_t)((ucontext_t *)context)->uc_mcontext.sp;
#else
    uint64_t pc = 0;
    uint64_t sp = UINT64_MAX;
    (void)context;
#endif
    uint64_t addr = (uint64_t)(uintptr_t)info->si_addr;
    uint64_t lo = tls_stack_lo;
    if (sig == SIGSEGV && lo != 0 && (sp < lo || (addr < lo && addr >= lo - ALT_STACK))) {
      put(&b, " stack=overflow");
    }
    if (pc != 0) {
      put(&b, " pc=");
      put_hex(&b, pc);
      locate(pc, &b);
    }
  }
  b.text[b.len++] = '\n';
  syscall(SYS_write, 2, b.text, b.len);
  /* The default disposition, set here rather than by SA_RESETHAND (a thread that faults during the
   * report must wait, not end the process before the line is written), and the signal again:
   * pending until this handler returns, it ends the process as the fault would have. Explicit, so
   * that a kernel's own handler that chains to this one does not come back here. */
  struct sigaction dfl;
  memset(&dfl, 0, sizeof dfl);
  dfl.sa_handler = SIG_DFL;
  sigemptyset(&dfl.sa_mask);
  sigaction(sig, &dfl, NULL);
  raise(sig);
}

void aicpu_sim_install_fault_report(void) {
  static char alt[ALT_STACK];
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  sigaltstack(&ss, NULL); /* the main thread's; other threads set theirs as they start */
  note_stack();
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  const int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    sigaddset(&sa.sa_mask, signals[i]);
  }
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    sigaction(signals[i], &sa, NULL);
  }
}
