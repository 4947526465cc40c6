/*
 * libFuzzer harness for the dispatcher's KFC entries (docs/ABI.md "Dispatcher"): Init's argument
 * validation and publishing, and the dispatch-through request of Server. Built from the dispatcher
 * sources with -fsanitize=fuzzer,address,undefined; it defines the AICPU OS symbols itself, and
 * the build names fuzz_preinstall_dir (a private directory) as the dispatcher's publishing
 * directory (AICPU_TEST_PREINSTALL_DIR_FN, a seam of harness builds only).
 *
 * Input: struct fuzz_header (fuzz_input.h), then the runtime SO bytes. For every input it checks
 * (abort() on a violation, which libFuzzer reports as a crash with the input saved):
 *   - Init's and Server's codes are exactly what docs/ABI.md prescribes for the input (an oracle
 *     written here from the document: validation order, planted final names, request checks);
 *   - whatever the code, the directory holds no temporary file, and every regular file in it is
 *     named simpler_inner_<fp>_<dev>.so with fp the fingerprint of its own bytes;
 *   - a published file holds exactly the runtime's bytes, mode 0755; an identical one is kept;
 *   - nothing is written outside the directory (a symbolic link planted at the final name points
 *     at a file outside, which must stay untouched).
 * The dispatcher's dlopen is redirected to the small fuzz runtime (fuzz_runtime.c): the loader
 * parsing arbitrary bytes is not what is under test, the dispatcher's runtime table is.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "aicpu_abi.h"
#include "aicpu_device.h"
#include "aicpu_dispatcher.h"
#include "fingerprint.h"
#include "fuzz_input.h"

/* The runtime table's statics are reset between inputs, so its source is part of this unit. */
static void *fuzz_dlopen(const char *path, int flags);
#define dlopen fuzz_dlopen
#include "runtime_table.c"
#undef dlopen

#define OUTSIDE_CONTENT "outside\n"

static char g_root[256];
static char g_dir[300];
static char g_outside[300];
static char g_outside_file[320];
static void *g_runtime_pin;

#define CHECK(cond, ...)                                  \
  do {                                                    \
    if (!(cond)) {                                        \
      fprintf(stderr, "fuzz_dispatcher: %s: ", #cond);    \
      fprintf(stderr, __VA_ARGS__);                       \
      fputc('\n', stderr);                                \
      abort();                                            \
    }                                                     \
  } while (0)

/* ---- the AICPU OS symbols the dispatcher needs ---- */

void DlogRecord(int moduleId, int level, const char *fmt, ...) {
  (void)moduleId;
  (void)level;
  (void)fmt;
}

int halGetDeviceInfo(uint32_t devId, int32_t moduleType, int32_t infoType, int64_t *value) {
  (void)moduleType;
  (void)infoType;
  *value = devId;
  return 0;
}

const char *fuzz_preinstall_dir(void);
const char *fuzz_preinstall_dir(void) { return g_dir; }

static void *fuzz_dlopen(const char *path, int flags) {
  const size_t n = strlen(g_dir);
  struct stat st;
  CHECK(strncmp(path, g_dir, n) == 0 && path[n] == '/', "dlopen of %s outside %s", path, g_dir);
  CHECK(lstat(path, &st) == 0 && S_ISREG(st.st_mode), "dlopen of %s, not a regular file", path);
  return dlopen(FUZZ_RUNTIME_SO, flags);
}

/* ---- filesystem helpers ---- */

static void remove_tree(const char *dir) {
  DIR *d = opendir(dir);
  if (d == NULL) return;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    if (unlinkat(dirfd(d), e->d_name, 0) != 0) (void)unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR);
  }
  closedir(d);
}

static unsigned char *read_all(int dirfd, const char *name, size_t *len) {
  const int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW);
  CHECK(fd >= 0, "open %s/%s: %s", g_dir, name, strerror(errno));
  struct stat st;
  CHECK(fstat(fd, &st) == 0, "fstat %s", name);
  unsigned char *buf = malloc(st.st_size > 0 ? (size_t)st.st_size : 1u);
  CHECK(buf != NULL, "malloc");
  size_t done = 0;
  while (done < (size_t)st.st_size) {
    const ssize_t r = read(fd, buf + done, (size_t)st.st_size - done);
    CHECK(r > 0, "read %s", name);
    done += (size_t)r;
  }
  close(fd);
  *len = done;
  return buf;
}

static void write_file(const char *path, const void *bytes, size_t len, mode_t mode) {
  const int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
  CHECK(fd >= 0, "create %s: %s", path, strerror(errno));
  CHECK(write(fd, bytes, len) == (ssize_t)len, "write %s", path);
  close(fd);
}

static void fuzz_final_name(char *out, size_t cap, uint64_t fp, uint64_t device) {
  snprintf(out, cap, "simpler_inner_%016" PRIx64 "_%" PRIu64 ".so", fp, device);
}

/* Runs when libFuzzer exits normally; after a crash the directory stays for inspection. */
static void remove_private_directories(void) {
  remove_tree(g_dir);
  remove_tree(g_outside);
  (void)rmdir(g_dir);
  (void)rmdir(g_outside);
  (void)rmdir(g_root);
}

int LLVMFuzzerInitialize(int *argc, char ***argv) {
  (void)argc;
  (void)argv;
  /* tmpfs when there is one: every publish fsyncs. */
  const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : getenv("TMPDIR");
  snprintf(g_root, sizeof g_root, "%s/aicpu-fuzz-XXXXXX", base != NULL ? base : "/tmp");
  CHECK(mkdtemp(g_root) != NULL, "mkdtemp %s: %s", g_root, strerror(errno));
  snprintf(g_dir, sizeof g_dir, "%s/preinstall", g_root);
  snprintf(g_outside, sizeof g_outside, "%s/outside", g_root);
  snprintf(g_outside_file, sizeof g_outside_file, "%s/existing", g_outside);
  CHECK(mkdir(g_dir, 0755) == 0 && mkdir(g_outside, 0755) == 0, "mkdir: %s", strerror(errno));
  write_file(g_outside_file, OUTSIDE_CONTENT, strlen(OUTSIDE_CONTENT), 0644);
  CHECK(atexit(remove_private_directories) == 0, "atexit");
  /* Keeps the runtime mapped, so resetting the table does not unload and reload it each time. */
  g_runtime_pin = dlopen(FUZZ_RUNTIME_SO, RTLD_NOW | RTLD_LOCAL);
  CHECK(g_runtime_pin != NULL, "dlopen %s: %s", FUZZ_RUNTIME_SO, dlerror());
  return 0;
}

static void reset_runtime_table(void) {
  const unsigned n = atomic_load(&g_count);
  for (unsigned i = 0; i < n; ++i) {
    if (g_runtimes[i].handle != NULL) (void)dlclose(g_runtimes[i].handle);
    free(g_runtimes[i].path);
  }
  atomic_store(&g_count, 0u);
}

/* ---- the oracle, from docs/ABI.md ---- */

static uint32_t expected_validation(const struct fuzz_header *h, const void *bin, uint64_t len) {
  if (h->flags & FUZZ_ARGS_NULL) return AICPU_E_ARGS_NULL;
  if (h->flags & FUZZ_DEVICE_ARGS_NULL) return AICPU_E_DEVICE_ARGS_NULL;
  if (bin == NULL) return AICPU_E_INNER_NULL;
  if (len == 0) return AICPU_E_INNER_EMPTY;
  if (len > AICPU_MAX_RUNTIME_SO_BYTES) return AICPU_E_INNER_TOO_LARGE;
  const unsigned char *b = bin;
  if (len < 64 || memcmp(b, "\x7f" "ELF", 4) != 0 || b[4] != 2 || b[5] != 1 ||
      (b[16] | (b[17] << 8)) != 3) {
    return AICPU_E_NOT_ELF64_SO;
  }
#if defined(__x86_64__)
  const unsigned machine = 62;
#else
  const unsigned machine = 183;
#endif
  if ((unsigned)(b[18] | (b[19] << 8)) != machine) return AICPU_E_WRONG_MACHINE;
  return AICPU_DISPATCH_OK;
}

static int entry_is_identifier(const char entry[64]) {
  size_t n = 0;
  while (n < 64 && entry[n] != '\0') ++n;
  if (n == 0 || n > 63) return 0;
  for (size_t i = 0; i < n; ++i) {
    const char c = entry[i];
    const int alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (!alpha && !(i > 0 && c >= '0' && c <= '9')) return 0;
  }
  return 1;
}

/* ---- invariants of the directory and its surroundings ---- */

static void check_surroundings(void) {
  DIR *d = opendir(g_root);
  CHECK(d != NULL, "opendir %s", g_root);
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    CHECK(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
              strcmp(e->d_name, "preinstall") == 0 || strcmp(e->d_name, "outside") == 0,
          "%s appeared next to the preinstall directory", e->d_name);
  }
  closedir(d);
  d = opendir(g_outside);
  CHECK(d != NULL, "opendir %s", g_outside);
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    CHECK(strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0 ||
              strcmp(e->d_name, "existing") == 0,
          "%s appeared outside the preinstall directory", e->d_name);
  }
  closedir(d);
  const int fd = open(g_outside, O_RDONLY | O_DIRECTORY);
  size_t len;
  unsigned char *content = read_all(fd, "existing", &len);
  CHECK(len == strlen(OUTSIDE_CONTENT) && memcmp(content, OUTSIDE_CONTENT, len) == 0,
        "the file outside the directory was written");
  free(content);
  close(fd);
}

/* Every entry of the directory is a final file named after its own bytes, or what was planted. */
static void check_directory(uint64_t device, int plant, const char *planted_name) {
  const int fd = open(g_dir, O_RDONLY | O_DIRECTORY);
  DIR *d = fdopendir(fd);
  CHECK(d != NULL, "opendir %s", g_dir);
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    struct stat st;
    CHECK(fstatat(fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0, "stat %s", e->d_name);
    if (S_ISLNK(st.st_mode) || S_ISDIR(st.st_mode)) {
      const int expected = S_ISLNK(st.st_mode) ? FUZZ_PLANT_SYMLINK : FUZZ_PLANT_DIRECTORY;
      CHECK(plant == expected && strcmp(e->d_name, planted_name) == 0,
            "unexpected non-regular entry %s", e->d_name);
      continue;
    }
    CHECK(S_ISREG(st.st_mode), "%s is neither a file, a link nor a directory", e->d_name);
    size_t len;
    unsigned char *bytes = read_all(fd, e->d_name, &len);
    char name[128];
    fuzz_final_name(name, sizeof name, aicpu_fingerprint(bytes, len), device);
    CHECK(strcmp(name, e->d_name) == 0, "file %s holds bytes whose final name is %s", e->d_name,
          name);
    free(bytes);
  }
  closedir(d);
}

/* ---- one input ---- */

static uint32_t call_init(const struct fuzz_header *h, const void *bin, uint64_t len) {
  struct aicpu_device_args *dev = calloc(1, sizeof *dev);
  struct aicpu_bootstrap_args *args = calloc(1, sizeof *args);
  CHECK(dev != NULL && args != NULL, "calloc");
  dev->device_id = h->device_id;
  dev->inner_so_bin = (uint64_t)(uintptr_t)bin;
  dev->inner_so_len = len;
  if (!(h->flags & FUZZ_DEVICE_ARGS_NULL)) args->device_args_addr = (uint64_t)(uintptr_t)dev;
  const uint32_t rc = DynTileFwkBackendKernelServerInit((h->flags & FUZZ_ARGS_NULL) ? NULL : args);
  free(args);
  free(dev);
  return rc;
}

static void run_server(const struct fuzz_header *h, int published, uint64_t fp) {
  const uint8_t sf = h->server_flags;
  const uint32_t magic = (sf & FUZZ_MAGIC_ZERO) ? 0u
                         : (sf & FUZZ_MAGIC_RAW) ? h->magic_raw
                                                 : AICPU_DISPATCH_MAGIC;
  const uint32_t size = (sf & FUZZ_SIZE_RAW) ? h->size_raw : 96u;
  const uint64_t device = h->device_id + ((sf & FUZZ_OTHER_DEVICE) ? 1u : 0u);
  const uint64_t req_fp = (sf & FUZZ_FP_RAW) ? h->fp_raw : fp;
  const size_t payload_size =
      h->payload_len >= 1 && h->payload_len <= AICPU_DISPATCH_PAYLOAD_MAX ? h->payload_len : 1u;
  unsigned char *payload = malloc(payload_size);
  struct aicpu_dispatch_request *req = malloc(sizeof *req);
  struct aicpu_device_args *dev = calloc(1, sizeof *dev);
  struct aicpu_bootstrap_args *args = calloc(1, sizeof *args);
  CHECK(payload != NULL && req != NULL && dev != NULL && args != NULL, "malloc");
  memset(payload, h->payload_fill, payload_size);
  req->fingerprint = req_fp;
  req->payload_addr = (sf & FUZZ_PAYLOAD_NULL) ? 0u : (uint64_t)(uintptr_t)payload;
  req->payload_len = h->payload_len;
  /* The input's 64 reserved bits fill flags (24) and the ack word (28), which the host writes 0
     and the dispatcher overwrites, so any value there must be harmless. */
  req->flags = (uint32_t)h->request_reserved;
  req->ack = (uint32_t)(h->request_reserved >> 32);
  memcpy(req->entry, h->entry, sizeof req->entry);
  dev->device_id = device;
  dev->request_magic = magic;
  dev->request_size = size;
  dev->request_addr = (sf & FUZZ_REQUEST_NULL) ? 0u : (uint64_t)(uintptr_t)req;
  dev->request_reserved = h->device_request_reserved;
  args->device_args_addr = (uint64_t)(uintptr_t)dev;

  uint32_t expected;
  if (magic == 0) {
    expected = AICPU_DISPATCH_OK;
  } else if (magic != AICPU_DISPATCH_MAGIC) {
    expected = AICPU_E_REQUEST_MAGIC;
  } else if (size != sizeof(struct aicpu_dispatch_request)) {
    expected = AICPU_E_REQUEST_SIZE;
  } else if (sf & FUZZ_REQUEST_NULL) {
    expected = AICPU_E_REQUEST_NULL;
  } else if (h->device_request_reserved != 0 ||
             ((uint32_t)h->request_reserved & ~AICPU_DISPATCH_FLAG_PING) != 0) {
    expected = AICPU_E_REQUEST_RESERVED;
  } else if (!entry_is_identifier(h->entry)) {
    expected = AICPU_E_ENTRY_NAME;
  } else if ((sf & FUZZ_PAYLOAD_NULL) || h->payload_len == 0 ||
             h->payload_len > AICPU_DISPATCH_PAYLOAD_MAX) {
    expected = AICPU_E_PAYLOAD;
  } else if (!published || req_fp != fp || device != h->device_id) {
    expected = AICPU_E_UNKNOWN_FINGERPRINT;
  } else if (strcmp(h->entry, "simpler_aicpu_exec") != 0 &&
             strcmp(h->entry, "simpler_aicpu_init") != 0) {
    expected = AICPU_E_UNKNOWN_ENTRY; /* libc's functions and data symbols included */
  } else if ((uint32_t)h->request_reserved & AICPU_DISPATCH_FLAG_PING) {
    expected = 0u; /* acknowledged, not called */
  } else if (strcmp(h->entry, "simpler_aicpu_exec") == 0) {
    expected = 1000u + h->payload_fill;
  } else if (strcmp(h->entry, "simpler_aicpu_init") == 0) {
    expected = 0u;
  } else {
    expected = AICPU_E_UNKNOWN_ENTRY; /* libc's functions and data symbols included */
  }
  const uint32_t ack_before = req->ack;
  const uint32_t rc = DynTileFwkBackendKernelServer(args);
  CHECK(rc == expected, "Server returned 0x%08x, expected 0x%08x (entry \"%.63s\")", rc, expected,
        h->entry);
  /* The answer in the request: none before the request could be read, then the refusal's code,
     else the acknowledgement (whatever the entry returned). */
  uint32_t ack_expected;
  if (magic != AICPU_DISPATCH_MAGIC || size != sizeof(struct aicpu_dispatch_request) ||
      (sf & FUZZ_REQUEST_NULL)) {
    ack_expected = ack_before;
  } else if (expected >= AICPU_DISPATCH_CODE_BASE + 0x21u &&
             expected <= AICPU_DISPATCH_CODE_BASE + 0x28u) {
    ack_expected = expected;
  } else {
    ack_expected = AICPU_DISPATCH_ACK;
  }
  CHECK(req->ack == ack_expected, "ack 0x%08x, expected 0x%08x", req->ack, ack_expected);
  free(args);
  free(dev);
  free(req);
  free(payload);
}

static int plant(int kind, const char *name, const void *bin, size_t len, ino_t *inode) {
  char path[PATH_MAX];
  snprintf(path, sizeof path, "%s/%s", g_dir, name);
  switch (kind) {
    case FUZZ_PLANT_STALE:
      write_file(path, "stale", 5, 0644);
      break;
    case FUZZ_PLANT_IDENTICAL: {
      write_file(path, bin, len, 0644);
      struct stat st;
      CHECK(stat(path, &st) == 0, "stat %s", path);
      *inode = st.st_ino;
      break;
    }
    case FUZZ_PLANT_SYMLINK:
      CHECK(symlink("../outside/existing", path) == 0, "symlink %s", path);
      break;
    case FUZZ_PLANT_DIRECTORY:
      CHECK(mkdir(path, 0755) == 0, "mkdir %s", path);
      break;
    default:
      return FUZZ_PLANT_NONE;
  }
  return kind;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < sizeof(struct fuzz_header)) return -1; /* not worth keeping in the corpus */
  struct fuzz_header h;
  memcpy(&h, data, sizeof h);
  const uint64_t data_len = size - sizeof h;
  const void *bin = (h.flags & FUZZ_INNER_NULL) ? NULL : data + sizeof h;
  const uint64_t len = (h.flags & FUZZ_INNER_HUGE)
                           ? AICPU_MAX_RUNTIME_SO_BYTES + 1u + h.huge_extra
                           : data_len;
  reset_runtime_table();
  remove_tree(g_dir);

  const int init = !(h.flags & FUZZ_SKIP_INIT);
  const uint32_t valid = expected_validation(&h, bin, len);
  /* Fingerprint of what Init will read; never of a buffer the input does not hold. */
  const uint64_t fp = valid == AICPU_DISPATCH_OK ? aicpu_fingerprint(bin, (size_t)len) : 0u;
  char name[128];
  fuzz_final_name(name, sizeof name, fp, h.device_id);
  ino_t planted_inode = 0;
  const int planted = (init && valid == AICPU_DISPATCH_OK)
                          ? plant(h.plant % FUZZ_PLANT_KINDS, name, bin, (size_t)len,
                                  &planted_inode)
                          : FUZZ_PLANT_NONE;

  int published = 0;
  if (init) {
    const uint32_t rc = call_init(&h, bin, len);
    uint32_t expected = valid;
    if (valid == AICPU_DISPATCH_OK &&
        (planted == FUZZ_PLANT_SYMLINK || planted == FUZZ_PLANT_DIRECTORY)) {
      expected = AICPU_E_FINAL_NOT_REGULAR;
    }
    CHECK(rc == expected, "Init returned 0x%08x, expected 0x%08x", rc, expected);
    published = rc == AICPU_DISPATCH_OK;
    if (published) {
      char path[PATH_MAX];
      snprintf(path, sizeof path, "%s/%s", g_dir, name);
      struct stat st;
      CHECK(stat(path, &st) == 0 && S_ISREG(st.st_mode), "%s was not published", path);
      if (planted == FUZZ_PLANT_IDENTICAL) {
        CHECK(st.st_ino == planted_inode && (st.st_mode & 0777) == 0644,
              "an identical %s was rewritten", path);
      } else {
        CHECK((st.st_mode & 0777) == 0755, "%s has mode %o", path, st.st_mode & 0777);
      }
      const int fd = open(g_dir, O_RDONLY | O_DIRECTORY);
      size_t got;
      unsigned char *content = read_all(fd, name, &got);
      CHECK(got == len && memcmp(content, bin, got) == 0, "%s does not hold the runtime", path);
      free(content);
      close(fd);
    }
  }
  check_directory(h.device_id, planted, name);
  check_surroundings();
  CHECK(StaticTileFwkBackendKernelServer(NULL) == 0, "Static stub");
  if (h.flags & FUZZ_CALL_SERVER) run_server(&h, published, fp);
  return 0;
}
