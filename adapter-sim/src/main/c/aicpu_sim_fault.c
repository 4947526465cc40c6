/*
 * The fault report of the simulated AICPU: when device code faults (SIGSEGV, SIGBUS, SIGFPE,
 * SIGILL), one line on stderr before the process dies of the same signal, so the host can say
 * where:
 *
 *   aicpu_sim_os: fault: signal=11 addr=0x0 pc=0x7f12345671a9 so=/…/simpler_inner_…_0.so off=0x11a9
 *
 * `so` and `off` name the mapped file that holds the faulting instruction and the instruction's
 * offset in it (what `addr2line -e` takes for a shared object); both are left out when the
 * instruction is in no mapped file. The handler uses only async-signal-safe calls (open, read,
 * write, raise): the file is found by reading /proc/self/maps, not through the dynamic loader,
 * whose lock the faulting thread may hold. The disposition is reset before the handler runs and the
 * signal raised again at its end, so the exit status is the one the fault would have given; a
 * debugger stops at the fault before the handler runs.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
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

static void put_hex(struct line_buf *b, uint64_t v) {
  char digits[19] = "0x";
  char rev[16];
  int n = 0;
  do {
    rev[n++] = "0123456789abcdef"[v & 0xf];
    v >>= 4;
  } while (v != 0);
  for (int i = 0; i < n; i++) {
    digits[2 + i] = rev[n - 1 - i];
  }
  digits[2 + n] = '\0';
  put(b, digits);
}

static void put_dec(struct line_buf *b, int v) {
  char rev[12];
  char digits[12];
  int n = 0;
  unsigned u = v < 0 ? 0u : (unsigned)v;
  do {
    rev[n++] = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  for (int i = 0; i < n; i++) {
    digits[i] = rev[n - 1 - i];
  }
  digits[n] = '\0';
  put(b, digits);
}

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

/* One line of /proc/self/maps: "start-end perms offset dev inode   path". Appends " so=PATH
 * off=0x…" to b and returns 1 when the line maps a file over pc. */
static int maps_line(const char *line, uint64_t pc, struct line_buf *b) {
  const char *p = line;
  uint64_t start = parse_hex(&p);
  if (*p++ != '-') {
    return 0;
  }
  uint64_t end = parse_hex(&p);
  if (pc < start || pc >= end) {
    return 0;
  }
  p = skip_field(p); /* perms */
  while (*p == ' ') {
    p++;
  }
  uint64_t offset = parse_hex(&p);
  p = skip_field(skip_field(p)); /* dev, inode */
  while (*p == ' ') {
    p++;
  }
  if (*p != '/') {
    return 0; /* anonymous, [stack], [vdso]: no file to name */
  }
  put(b, " so=");
  put(b, p);
  put(b, " off=");
  put_hex(b, pc - start + offset);
  return 1;
}

/* Looks pc up in /proc/self/maps, line by line through a fixed buffer. */
static void locate(uint64_t pc, struct line_buf *b) {
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return;
  }
  static char chunk[4096];
  static char line[PATH_MAX + 128];
  size_t len = 0;
  int skipping = 0; /* a line longer than the buffer: ignored up to its end */
  for (;;) {
    ssize_t n = read(fd, chunk, sizeof chunk);
    if (n <= 0) {
      break;
    }
    for (ssize_t i = 0; i < n; i++) {
      char c = chunk[i];
      if (c == '\n') {
        line[len] = '\0';
        if (!skipping && maps_line(line, pc, b)) {
          close(fd);
          return;
        }
        len = 0;
        skipping = 0;
      } else if (len < sizeof line - 1) {
        line[len++] = c;
      } else {
        skipping = 1;
      }
    }
  }
  close(fd);
}

static void on_fault(int sig, siginfo_t *info, void *context) {
  struct line_buf b = {.len = 0};
  put(&b, FAULT_PREFIX "signal=");
  put_dec(&b, sig);
  put(&b, " addr=");
  put_hex(&b, (uint64_t)(uintptr_t)info->si_addr);
#if defined(__x86_64__)
  uint64_t pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.gregs[REG_RIP];
#elif defined(__aarch64__)
  uint64_t pc = (uint64_t)((ucontext_t *)context)->uc_mcontext.pc;
#else
  uint64_t pc = 0;
  (void)context;
#endif
  if (pc != 0) {
    put(&b, " pc=");
    put_hex(&b, pc);
    locate(pc, &b);
  }
  b.text[b.len++] = '\n';
  ssize_t ignored = write(2, b.text, b.len);
  (void)ignored;
  /* SA_RESETHAND made the disposition the default one: the raised signal, pending until this
   * handler returns, ends the process as the fault would have (a faulting instruction would fault
   * again too; a raise() would not). */
  raise(sig);
}

void aicpu_sim_install_fault_report(void) {
  static char alt[64 * 1024];
  stack_t ss = {.ss_sp = alt, .ss_size = sizeof alt, .ss_flags = 0};
  sigaltstack(&ss, NULL); /* the main thread's: a stack overflow there is reported too */
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_sigaction = on_fault;
  sa.sa_flags = SA_SIGINFO | SA_RESETHAND | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  const int signals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGILL};
  for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
    sigaction(signals[i], &sa, NULL);
  }
}
