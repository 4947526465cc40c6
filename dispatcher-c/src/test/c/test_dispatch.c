/*
 * libaicpu_dispatcher.so loaded as CANN's KFC library loads it (dlopen, three dlsyms), with the
 * AICPU OS symbols exported by this executable and the card's preinstall directory redirected to
 * a temporary one (test_preinstall.c). Covers upload through Init, the upstream stub behaviour,
 * dispatch-through to two runtimes at once (P3, F1), the acknowledgement and ping of every
 * request, the lazy runtime open, every request failure code and the fault fixtures.
 */
#include <dlfcn.h>
#include <signal.h>
#include <sys/wait.h>

#include "aicpu_abi.h"
#include "aicpu_device.h"
#include "aicpu_dispatcher.h"
#include "check.h"
#include "device_stubs.h"
#include "fingerprint.h"
#include "kfc.h"
#include "test_util.h"

extern const char *test_preinstall_dir;

typedef int (*int_entry)(void *);
static kfc_entry g_init, g_server;
static int_entry g_static;
static char g_dir[512];

struct so {
  unsigned char *bytes;
  size_t len;
  uint64_t fp;
};

static struct so load_so(const char *path) {
  struct so s;
  s.bytes = test_read_file(path, &s.len);
  s.fp = aicpu_fingerprint(s.bytes, s.len);
  return s;
}

static uint32_t init(uint64_t device, const void *bytes, uint64_t len) {
  return kfc_init(g_init, device, bytes, len);
}

/* Sends req through DeviceArgs dev (whose request slot the caller may have altered). */
static uint32_t serve_raw(struct aicpu_device_args *dev) {
  struct aicpu_bootstrap_args args;
  kfc_fill_args(&args, dev, "DynTileFwkKernelServer");
  return g_server(&args);
}

static void make_request(struct aicpu_device_args *dev, struct aicpu_dispatch_request *req,
                         uint64_t device, uint64_t fp, const char *entry, void *payload,
                         uint64_t len) {
  memset(req, 0, sizeof *req);
  req->fingerprint = fp;
  req->payload_addr = (uint64_t)(uintptr_t)payload;
  req->payload_len = len;
  snprintf(req->entry, sizeof req->entry, "%s", entry);
  memset(dev, 0, sizeof *dev);
  dev->device_id = device;
  dev->request_magic = AICPU_DISPATCH_MAGIC;
  dev->request_size = sizeof *req;
  dev->request_addr = (uint64_t)(uintptr_t)req;
}

static uint32_t serve(uint64_t device, uint64_t fp, const char *entry, void *payload,
                      uint64_t len) {
  struct aicpu_device_args dev;
  struct aicpu_dispatch_request req;
  make_request(&dev, &req, device, fp, entry, payload, len);
  return serve_raw(&dev);
}

static void exports_and_stubs(void *disp) {
  CHECK(dlsym(disp, "aicpu_publish_runtime") == NULL);
  CHECK(dlsym(disp, "aicpu_log") == NULL);
  CHECK(g_static(NULL) == 0);
  test_log_clear();
  CHECK_U64(g_server(NULL), 0);
  CHECK(test_log_contains_at(1, "[aicpu-dispatcher] Server: stub"));
  /* Upstream's zero DeviceArgs (no request in 136..159) and a null DeviceArgs pointer. */
  struct aicpu_device_args zero = {0};
  CHECK_U64(serve_raw(&zero), 0);
  struct aicpu_bootstrap_args args;
  kfc_fill_args(&args, NULL, "DynTileFwkKernelServer");
  CHECK_U64(g_server(&args), 0);
  CHECK(g_static(&args) == 0);
}

static void init_failures(void) {
  CHECK_U64(g_init(NULL), AICPU_E_ARGS_NULL);
  struct aicpu_bootstrap_args args;
  kfc_fill_args(&args, NULL, "DynTileFwkKernelServerInit");
  CHECK_U64(g_init(&args), AICPU_E_DEVICE_ARGS_NULL);
  CHECK_U64(init(0, NULL, 100), AICPU_E_INNER_NULL);
  CHECK_U64(init(0, "not-an-elf-binary", 0), AICPU_E_INNER_EMPTY);
  test_log_clear();
  CHECK_U64(init(0, "not-an-elf-binary", 17), AICPU_E_NOT_ELF64_SO);
  CHECK(test_log_contains_at(3, AICPU_PREINSTALL_DIR));
  CHECK(test_count_entries(g_dir, "") == 0);
}

static void publishes(const struct so *s, uint64_t device) {
  test_log_clear();
  CHECK_U64(init(device, s->bytes, s->len), AICPU_DISPATCH_OK);
  char path[700];
  snprintf(path, sizeof path, "%s/simpler_inner_%016" PRIx64 "_%" PRIu64 ".so", g_dir, s->fp,
           device);
  size_t len;
  unsigned char *back = test_read_file(path, &len);
  CHECK(len == s->len && memcmp(back, s->bytes, len) == 0);
  /* The dispatcher only knows the card's path; the file is where the redirection put it. */
  char card_path[700];
  snprintf(card_path, sizeof card_path, "%ssimpler_inner_%016" PRIx64 "_%" PRIu64 ".so",
           AICPU_PREINSTALL_DIR, s->fp, device);
  CHECK(test_log_contains_at(1, card_path));
  free(back);
}

#define COUNT 1001u
#define BLOCKS 4u

static void vector_round(uint64_t device, uint64_t fp, int round) {
  static float a[COUNT], b[COUNT], out[COUNT];
  for (uint32_t i = 0; i < COUNT; ++i) {
    a[i] = (float)i;
    b[i] = (float)(2 * i + round);
    out[i] = -1.0f;
  }
  struct aicpu_vector_args v = {(uintptr_t)a, (uintptr_t)b, (uintptr_t)out, COUNT, {0, BLOCKS}};
  for (uint32_t blk = 0; blk < BLOCKS; ++blk) {
    CHECK_U64(serve(device, fp, "simpler_aicpu_exec", &v, sizeof v), 0);
  }
  int wrong = 0;
  for (uint32_t i = 0; i < COUNT; ++i) wrong += out[i] != (float)(3 * i + round);
  CHECK(wrong == 0);
}

static void checksum_round(uint64_t fp) {
  uint64_t result = 0;
  struct aicpu_checksum_args c = {(uintptr_t) "not-an-elf-binary", 17, (uintptr_t)&result, {0, 0}};
  CHECK_U64(serve(0, fp, "simpler_aicpu_exec", &c, sizeof c), 0);
  CHECK_U64(result, 0xf773038d557a42a4ULL); /* PROTOCOL §5 vector */
  /* A second block of the same launch finds index 0 taken and leaves the result alone. */
  result = 0;
  CHECK_U64(serve(0, fp, "simpler_aicpu_exec", &c, sizeof c), 0);
  CHECK_U64(result, 0);
  c.data_addr = (uintptr_t) "a";
  c.len = 1;
  c.blocks.next = 0;
  CHECK_U64(serve(0, fp, "simpler_aicpu_exec", &c, sizeof c), 0);
  CHECK_U64(result, 0xaf63dc4c8601ec8cULL);
  c.blocks.next = 0;
  CHECK_U64(serve(0, fp, "checksum_aicpu_sum", &c, sizeof c), 0);
  CHECK_U64(result, 97);
}

static void two_runtimes_alternately(const struct so *vec, const struct so *sum) {
  CHECK(vec->fp != sum->fp);
  for (int round = 0; round < 3; ++round) {
    vector_round(0, vec->fp, round);
    checksum_round(sum->fp);
  }
  /* Init forwarded like any entry; the runtime latched the InitArgs. */
  struct aicpu_init_args ia = {5, 25, 0, 0, {0, 0}};
  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_init", &ia, sizeof ia), 0);
  struct aicpu_vector_init_state st = {0};
  struct aicpu_vector_get_init_args g = {(uintptr_t)&st};
  CHECK_U64(serve(0, vec->fp, "example_vector_get_init", &g, sizeof g), 0);
  CHECK_U64(st.device_id, 5);
  CHECK_U64(st.log_level, 25);
  CHECK_U64(st.init_count, 1);
  /* The runtime's own result comes back unchanged. */
  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_exec", &ia, 0), AICPU_E_PAYLOAD);
  struct aicpu_vector_args bad = {0, 0, 0, 3, {0, 1}};
  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_exec", &bad, sizeof bad), 2);
}

static void request_failures(const struct so *vec) {
  uint64_t word = 0;
  struct aicpu_device_args dev;
  struct aicpu_dispatch_request req;

  CHECK_U64(serve(0, vec->fp + 1, "simpler_aicpu_exec", &word, 8), AICPU_E_UNKNOWN_FINGERPRINT);
  CHECK_U64(serve(9, vec->fp, "simpler_aicpu_exec", &word, 8), AICPU_E_UNKNOWN_FINGERPRINT);
  test_log_clear();
  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_nope", &word, 8), AICPU_E_UNKNOWN_ENTRY);
  CHECK(test_log_contains_at(3, "simpler_aicpu_nope"));
  /* Found in a dependency (libc) or the process, not in the runtime: unknown, never called. */
  CHECK_U64(serve(0, vec->fp, "abort", &word, 8), AICPU_E_UNKNOWN_ENTRY);
  CHECK_U64(serve(0, vec->fp, "DlogRecord", &word, 8), AICPU_E_UNKNOWN_ENTRY);
  CHECK_U64(serve(0, vec->fp, "DynTileFwkBackendKernelServer", &word, 8), AICPU_E_UNKNOWN_ENTRY);

  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &word, 8);
  dev.request_magic = 0x31505345u;
  CHECK_U64(serve_raw(&dev), AICPU_E_REQUEST_MAGIC);
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &word, 8);
  dev.request_size = 88;
  CHECK_U64(serve_raw(&dev), AICPU_E_REQUEST_SIZE);
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &word, 8);
  dev.request_addr = 0;
  CHECK_U64(serve_raw(&dev), AICPU_E_REQUEST_NULL);
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &word, 8);
  dev.request_reserved = 1;
  CHECK_U64(serve_raw(&dev), AICPU_E_REQUEST_RESERVED);
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &word, 8);
  req.flags = 2; /* no such flag */
  CHECK_U64(serve_raw(&dev), AICPU_E_REQUEST_RESERVED);
  CHECK_U64(req.ack, AICPU_E_REQUEST_RESERVED);

  const char *bad_names[] = {"", "1abc", "a-b", "a b", "../x", "x.so"};
  for (size_t i = 0; i < sizeof bad_names / sizeof *bad_names; ++i) {
    CHECK_U64(serve(0, vec->fp, bad_names[i], &word, 8), AICPU_E_ENTRY_NAME);
  }
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &word, 8);
  memset(req.entry, 'a', sizeof req.entry); /* unterminated */
  CHECK_U64(serve_raw(&dev), AICPU_E_ENTRY_NAME);

  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_exec", NULL, 8), AICPU_E_PAYLOAD);
  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_exec", &word, 0), AICPU_E_PAYLOAD);
  CHECK_U64(serve(0, vec->fp, "simpler_aicpu_exec", &word, AICPU_DISPATCH_PAYLOAD_MAX + 1u),
            AICPU_E_PAYLOAD);
}


/* Every request the dispatcher reads is answered in its ack word; a ping runs no entry. */
static void acknowledgements(const struct so *vec) {
  struct aicpu_device_args dev;
  struct aicpu_dispatch_request req;
  /* Its entry would fail with RUNTIME_E_BAD_ARGS (2) and claim a block: neither may happen. */
  struct aicpu_vector_args v = {0, 0, 0, 5, {0, 1}};
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &v, sizeof v);
  req.flags = AICPU_DISPATCH_FLAG_PING;
  CHECK_U64(serve_raw(&dev), AICPU_DISPATCH_OK);
  CHECK_U64(req.ack, AICPU_DISPATCH_ACK);
  CHECK_U64(v.blocks.next, 0);
  /* A ping for an entry the runtime lacks, or for a runtime it never published: the code. */
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_nope", &v, sizeof v);
  req.flags = AICPU_DISPATCH_FLAG_PING;
  CHECK_U64(serve_raw(&dev), AICPU_E_UNKNOWN_ENTRY);
  CHECK_U64(req.ack, AICPU_E_UNKNOWN_ENTRY);
  make_request(&dev, &req, 0, vec->fp + 1, "simpler_aicpu_exec", &v, sizeof v);
  CHECK_U64(serve_raw(&dev), AICPU_E_UNKNOWN_FINGERPRINT);
  CHECK_U64(req.ack, AICPU_E_UNKNOWN_FINGERPRINT);
  /* An accepted request is acknowledged whatever the entry itself returns. */
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &v, sizeof v);
  CHECK_U64(serve_raw(&dev), 2);
  CHECK_U64(req.ack, AICPU_DISPATCH_ACK);
  CHECK_U64(v.blocks.next, 1);
  /* Upstream's stub path (no request) writes nothing anywhere. */
  make_request(&dev, &req, 0, vec->fp, "simpler_aicpu_exec", &v, sizeof v);
  dev.request_magic = 0;
  CHECK_U64(serve_raw(&dev), AICPU_DISPATCH_OK);
  CHECK_U64(req.ack, 0);
}

/*
 * Publishing does not load the runtime (issue: an SO CANN and upstream accept was refused with
 * AICPU_E_RUNTIME_OPEN): the first request opens it, RTLD_LAZY | RTLD_GLOBAL as CANN's scheduler
 * does (PROTOCOL §7.3), so a function that nothing defines is harmless until called, and the
 * runtime's symbols are global once open. A runtime no dlopen can load is refused at the request.
 */
static void lazy_open(void) {
  struct so unresolved = load_so(FAULTY_UNRESOLVED_SO);
  struct so unloadable = load_so(FAULTY_UNLOADABLE_SO);
  uint64_t word = 0;
  CHECK(dlopen(FAULTY_UNRESOLVED_SO, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD) == NULL);
  publishes(&unresolved, 0);
  publishes(&unloadable, 0);
  CHECK(dlsym(RTLD_DEFAULT, "faulty_never_called") == NULL); /* Init opened nothing */
  CHECK_U64(serve(0, unresolved.fp, "simpler_aicpu_exec", &word, 8), AICPU_DISPATCH_OK);
  CHECK(dlsym(RTLD_DEFAULT, "faulty_never_called") != NULL); /* open, and global */
  struct aicpu_device_args dev;
  struct aicpu_dispatch_request req;
  make_request(&dev, &req, 0, unloadable.fp, "simpler_aicpu_exec", &word, 8);
  test_log_clear();
  CHECK_U64(serve_raw(&dev), AICPU_E_RUNTIME_OPEN);
  CHECK_U64(req.ack, AICPU_E_RUNTIME_OPEN);
  CHECK(test_log_contains_at(3, "faulty_variable_nowhere_defined"));
  /* Still refused (and logged) at the next request: a failed open is not cached. */
  test_log_clear();
  CHECK_U64(serve(0, unloadable.fp, "simpler_aicpu_exec", &word, 8), AICPU_E_RUNTIME_OPEN);
  CHECK(test_log_contains_at(3, "RTLD_LAZY | RTLD_GLOBAL"));
  free(unresolved.bytes);
  free(unloadable.bytes);
}

static void second_device(const struct so *vec) {
  publishes(vec, 1);
  vector_round(1, vec->fp, 7);
  /* Publishing again with identical bytes keeps the file and still serves. */
  test_log_clear();
  CHECK_U64(init(1, vec->bytes, vec->len), AICPU_DISPATCH_OK);
  CHECK(test_log_contains("kept identical"));
  vector_round(1, vec->fp, 8);
}

/* Runs one exec of the runtime in a child (the simulated chip); returns the wait status. */
static int exec_in_child(uint64_t fp, int kill_after_ms) {
  uint64_t word = 0;
  fflush(NULL);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    _exit((int)serve(0, fp, "simpler_aicpu_exec", &word, 8) & 0x7f);
  }
  int status = 0;
  if (kill_after_ms > 0) {
    usleep((useconds_t)kill_after_ms * 1000u);
    CHECK(waitpid(pid, &status, WNOHANG) == 0); /* a hang never returns */
    CHECK(kill(pid, SIGKILL) == 0);
  }
  REQUIRE(waitpid(pid, &status, 0) == pid);
  return status;
}

static void faulty_runtimes(void) {
  struct so missing = load_so(FAULTY_MISSING_EXEC_SO);
  struct so fails = load_so(FAULTY_EXEC_FAILS_SO);
  struct so hang = load_so(FAULTY_HANG_SO);
  struct so crash = load_so(FAULTY_CRASH_SO);
  publishes(&missing, 0);
  publishes(&fails, 0);
  publishes(&hang, 0);
  publishes(&crash, 0);
  uint64_t word = 0;
  CHECK_U64(serve(0, missing.fp, "simpler_aicpu_init", &word, 8), 0);
  CHECK_U64(serve(0, missing.fp, "simpler_aicpu_exec", &word, 8), AICPU_E_UNKNOWN_ENTRY);
  CHECK_U64(serve(0, fails.fp, "simpler_aicpu_exec", &word, 8), 42);
  /* libfaulty_hang.so needs libc (nanosleep), so dlsym on its handle finds libc's functions:
     they must still be refused, as the runtime does not define them. */
  CHECK_U64(serve(0, hang.fp, "abort", &word, 8), AICPU_E_UNKNOWN_ENTRY);
  CHECK_U64(serve(0, hang.fp, "nanosleep", &word, 8), AICPU_E_UNKNOWN_ENTRY);
  int status = exec_in_child(crash.fp, 0);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV);
  status = exec_in_child(hang.fp, 200);
  CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
  free(missing.bytes);
  free(fails.bytes);
  free(hang.bytes);
  free(crash.bytes);
}

int main(void) {
  test_preinstall_dir = test_mkdtemp(g_dir, sizeof g_dir, "dispatch");
  void *disp = dlopen(DISPATCHER_SO, RTLD_NOW | RTLD_LOCAL);
  if (disp == NULL) fprintf(stderr, "%s\n", dlerror());
  REQUIRE(disp != NULL);
  g_static = (int_entry)dlsym(disp, "StaticTileFwkBackendKernelServer");
  g_init = kfc_resolve("DynTileFwkBackendKernelServerInit");
  g_server = kfc_resolve("DynTileFwkBackendKernelServer");
  REQUIRE(g_static != NULL);

  exports_and_stubs(disp);
  init_failures();
  struct so vec = load_so(VECTOR_SO);
  struct so sum = load_so(CHECKSUM_SO);
  publishes(&vec, 0);
  publishes(&sum, 0);
  two_runtimes_alternately(&vec, &sum);
  request_failures(&vec);
  acknowledgements(&vec);
  lazy_open();
  second_device(&vec);
  faulty_runtimes();
  CHECK(test_count_entries(g_dir, ".") == 0);
  free(vec.bytes);
  free(sum.bytes);
  test_rm_dir(g_dir);
  return check_finish("dispatch");
}
