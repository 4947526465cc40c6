/*
 * Publishing a runtime SO into the preinstall directory (dispatcher internals, linked directly):
 * validation codes, atomic replacement (F4), identical files left alone, refusals that write
 * nothing, no temporary file left behind on any failure, stale temporaries of dead publishers
 * removed, and a publisher killed (SIGKILL) at random points never leaving a partial final file.
 */
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <sys/wait.h>
#include <time.h>

#include "aicpu_device.h"
#include "aicpu_dispatcher.h"
#include "check.h"
#include "device_stubs.h"
#include "fingerprint.h"
#include "publish.h"
#include "test_util.h"

#define SMALL 4096u
#define TMP_PREFIX ".simpler_inner_"

static char g_dir[512];

static unsigned char *make_so(size_t len, unsigned char fill) {
  unsigned char *b = malloc(len);
  REQUIRE(b != NULL);
  test_make_elf(b, len, 3, TEST_MACHINE, NULL, 0, fill);
  return b;
}

static void expect_refused(uint32_t expected, const void *bytes, uint64_t len) {
  struct aicpu_publish_result res;
  test_log_clear();
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, bytes, len, &res), expected);
  CHECK(test_log_contains_at(AICPU_DLOG_ERROR, "[aicpu-dispatcher] Init: refusing"));
  CHECK(test_count_entries(g_dir, "") == 0);
}

static void validation_codes(void) {
  unsigned char *so = make_so(SMALL, 0x5a);
  expect_refused(AICPU_E_INNER_NULL, NULL, SMALL);
  expect_refused(AICPU_E_INNER_EMPTY, so, 0);
  /* Oversize is refused on the length alone: nothing past the first byte is read. */
  expect_refused(AICPU_E_INNER_TOO_LARGE, so, AICPU_MAX_RUNTIME_SO_BYTES + 1u);
  expect_refused(AICPU_E_NOT_ELF64_SO, "not-an-elf-binary", 17);
  expect_refused(AICPU_E_NOT_ELF64_SO, so, 63);
  so[4] = 1; /* ELFCLASS32 */
  expect_refused(AICPU_E_NOT_ELF64_SO, so, SMALL);
  so[4] = 2;
  so[5] = 2; /* big-endian */
  expect_refused(AICPU_E_NOT_ELF64_SO, so, SMALL);
  so[5] = 1;
  test_put16(so + 16, 2); /* ET_EXEC */
  expect_refused(AICPU_E_NOT_ELF64_SO, so, SMALL);
  test_put16(so + 16, 3);
  test_put16(so + 18, TEST_OTHER_MACHINE);
  expect_refused(AICPU_E_WRONG_MACHINE, so, SMALL);
  free(so);
}

static void publishes_with_fingerprint_name(void) {
  unsigned char id[8] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17};
  unsigned char *so = malloc(SMALL);
  test_make_elf(so, SMALL, 3, TEST_MACHINE, id, sizeof id, 0x33);
  struct aicpu_publish_result res;
  CHECK_U64(aicpu_publish_runtime(g_dir, 7, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK_U64(res.fingerprint, 0x1716151413121110ULL);
  CHECK(res.kept_existing == 0);
  char expected[1024];
  snprintf(expected, sizeof expected, "%s/simpler_inner_1716151413121110_7.so", g_dir);
  CHECK(strcmp(res.path, expected) == 0);
  struct stat st;
  REQUIRE(stat(expected, &st) == 0);
  CHECK((st.st_mode & 07777) == 0755);
  CHECK((uint64_t)st.st_size == SMALL);
  size_t len;
  unsigned char *back = test_read_file(expected, &len);
  CHECK(len == SMALL && memcmp(back, so, SMALL) == 0);
  CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
  free(back);
  /* A trailing slash on the directory gives the same path. */
  char slash[600];
  snprintf(slash, sizeof slash, "%s/", g_dir);
  CHECK_U64(aicpu_publish_runtime(slash, 7, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK(strcmp(res.path, expected) == 0);
  CHECK(unlink(expected) == 0);
  free(so);
}

static void identical_left_untouched(void) {
  unsigned char *so = make_so(SMALL, 0x41);
  struct aicpu_publish_result res;
  REQUIRE(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res) == AICPU_DISPATCH_OK);
  struct stat before, after;
  REQUIRE(stat(res.path, &before) == 0);
  /* Backdate the file so that a rewrite would be visible in the mtime. */
  const struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
  REQUIRE(utimensat(AT_FDCWD, res.path, old, 0) == 0);
  REQUIRE(stat(res.path, &before) == 0);
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK(res.kept_existing == 1);
  REQUIRE(stat(res.path, &after) == 0);
  CHECK_U64(after.st_ino, before.st_ino);
  CHECK_U64(after.st_mtim.tv_sec, before.st_mtim.tv_sec);
  CHECK_U64(after.st_mtim.tv_nsec, before.st_mtim.tv_nsec);
  CHECK(unlink(res.path) == 0);
  free(so);
}

/* A stale or corrupt file under the final name is replaced atomically: new inode, new content. */
static void different_replaced(size_t stale_len) {
  unsigned char *so = make_so(SMALL, 0x42);
  struct aicpu_publish_result res;
  REQUIRE(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res) == AICPU_DISPATCH_OK);
  REQUIRE(unlink(res.path) == 0);
  unsigned char *stale = make_so(stale_len, 0x99);
  FILE *f = fopen(res.path, "wb");
  REQUIRE(f != NULL && fwrite(stale, 1, stale_len, f) == stale_len && fclose(f) == 0);
  struct stat before, after;
  REQUIRE(stat(res.path, &before) == 0);
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK(res.kept_existing == 0);
  REQUIRE(stat(res.path, &after) == 0);
  CHECK(after.st_ino != before.st_ino);
  size_t len;
  unsigned char *back = test_read_file(res.path, &len);
  CHECK(len == SMALL && memcmp(back, so, SMALL) == 0);
  CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
  CHECK(unlink(res.path) == 0);
  free(back);
  free(stale);
  free(so);
}

/* A symlink (or a directory) at the final name is refused; nothing is written anywhere. */
static void refuses_non_regular_final_name(void) {
  unsigned char *so = make_so(SMALL, 0x43);
  const uint64_t fp = aicpu_fingerprint(so, SMALL);
  char name[600], outside[600];
  snprintf(name, sizeof name, "%s/simpler_inner_%016" PRIx64 "_0.so", g_dir, fp);
  char other[512];
  test_mkdtemp(other, sizeof other, "outside");
  snprintf(outside, sizeof outside, "%s/target.so", other);
  REQUIRE(symlink(outside, name) == 0);
  struct aicpu_publish_result res;
  test_log_clear();
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_E_FINAL_NOT_REGULAR);
  CHECK(test_log_contains(name));
  CHECK(access(outside, F_OK) != 0 && errno == ENOENT);
  CHECK(test_count_entries(other, "") == 0);
  struct stat st;
  CHECK(lstat(name, &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
  REQUIRE(unlink(name) == 0);

  REQUIRE(mkdir(name, 0755) == 0);
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_E_FINAL_NOT_REGULAR);
  CHECK(stat(name, &st) == 0 && S_ISDIR(st.st_mode));
  CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
  REQUIRE(rmdir(name) == 0);
  test_rm_dir(other);
  free(so);
}

static void directory_failures(void) {
  unsigned char *so = make_so(SMALL, 0x44);
  struct aicpu_publish_result res;
  char missing[600];
  snprintf(missing, sizeof missing, "%s/does-not-exist", g_dir);
  test_log_clear();
  CHECK_U64(aicpu_publish_runtime(missing, 0, so, SMALL, &res), AICPU_E_DIR_OPEN);
  CHECK(test_log_contains(missing));
  CHECK(test_log_contains("errno 2)"));

  char longdir[PATH_MAX + 16];
  memset(longdir, 'd', sizeof longdir - 1);
  longdir[0] = '/';
  longdir[sizeof longdir - 1] = '\0';
  CHECK_U64(aicpu_publish_runtime(longdir, 0, so, SMALL, &res), AICPU_E_PATH_TOO_LONG);

  /*
   * Unwritable directory. Root ignores mode bits, so the attempt runs in a child that drops to
   * an unprivileged uid first; the parent then checks that nothing was left behind.
   */
  char ro[600];
  snprintf(ro, sizeof ro, "%s/readonly", g_dir);
  REQUIRE(mkdir(ro, 0555) == 0 && chmod(ro, 0555) == 0);
  REQUIRE(chmod(g_dir, 0755) == 0);
  fflush(NULL);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) {
      _exit(90);
    }
    test_log_clear();
    const uint32_t rc = aicpu_publish_runtime(ro, 0, so, SMALL, &res);
    const int logged = test_log_contains("errno 13)") && test_log_contains(ro);
    _exit(rc == AICPU_E_TMP_CREATE && logged ? 0 : 91);
  }
  int status = 0;
  REQUIRE(waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(test_count_entries(ro, "") == 0);
  REQUIRE(rmdir(ro) == 0);
  free(so);
}

/* ---- a reader polling the final name sees nothing or a whole file, never a prefix (F4) ---- */

#define BIG (8u * 1024u * 1024u)
#define ROUNDS 4

struct poll_state {
  const char *path;
  unsigned char *versions[ROUNDS];
  atomic_int done;
  int seen_absent, seen_whole, seen_torn, absent_after_whole;
};

static void *poll_reader(void *arg) {
  struct poll_state *s = arg;
  unsigned char *buf = malloc(BIG);
  while (!atomic_load(&s->done)) {
    const int fd = open(s->path, O_RDONLY);
    if (fd < 0) {
      ++s->seen_absent;
      /* Once published, the name never disappears: a replacement is one rename. */
      s->absent_after_whole += s->seen_whole > 0;
      continue;
    }
    size_t got = 0;
    for (ssize_t n; got < BIG && (n = read(fd, buf + got, BIG - got)) > 0;) got += (size_t)n;
    unsigned char extra;
    const int longer = read(fd, &extra, 1) > 0;
    close(fd);
    int whole = 0;
    for (int v = 0; v < ROUNDS && !whole; ++v) {
      whole = got == BIG && !longer && memcmp(buf, s->versions[v], BIG) == 0;
    }
    if (whole) {
      ++s->seen_whole;
    } else {
      ++s->seen_torn;
    }
  }
  free(buf);
  return NULL;
}

static void polling_reader_never_sees_a_prefix(void) {
  struct poll_state s = {0};
  /* All rounds share one Build-ID, hence one final name, but differ in content: each publish
     replaces the previous file, as a stale or corrupt file under the same name would be. */
  unsigned char id[8] = {9, 9, 9, 9, 9, 9, 9, 9};
  for (int v = 0; v < ROUNDS; ++v) {
    s.versions[v] = malloc(BIG);
    test_make_elf(s.versions[v], BIG, 3, TEST_MACHINE, id, sizeof id, (unsigned char)(0x60 + v));
  }
  char path[700];
  snprintf(path, sizeof path, "%s/simpler_inner_0909090909090909_3.so", g_dir);
  s.path = path;
  pthread_t reader;
  REQUIRE(pthread_create(&reader, NULL, poll_reader, &s) == 0);
  for (int v = 0; v < ROUNDS; ++v) {
    struct aicpu_publish_result res;
    CHECK_U64(aicpu_publish_runtime(g_dir, 3, s.versions[v], BIG, &res), AICPU_DISPATCH_OK);
    CHECK(strcmp(res.path, path) == 0);
  }
  /* Let the reader see the final version at least once before stopping it. */
  while (s.seen_whole == 0) usleep(1000);
  atomic_store(&s.done, 1);
  pthread_join(reader, NULL);
  fprintf(stderr, "poller: %d absent, %d whole, %d torn\n", s.seen_absent, s.seen_whole,
          s.seen_torn);
  CHECK(s.seen_torn == 0);
  CHECK(s.seen_whole > 0);
  CHECK(s.absent_after_whole == 0);
  CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
  CHECK(unlink(path) == 0);
  for (int v = 0; v < ROUNDS; ++v) free(s.versions[v]);
}

/* Two publishers of the same SO at once: both succeed, one complete file, no temporary left. */
struct racer {
  const unsigned char *so;
  uint32_t rc;
};

static void *race_publish(void *arg) {
  struct racer *r = arg;
  struct aicpu_publish_result res;
  for (int i = 0; i < 20 && r->rc == 0; ++i) {
    r->rc = aicpu_publish_runtime(g_dir, 1, r->so, SMALL * 16, &res);
  }
  return NULL;
}

static void concurrent_publishers(void) {
  unsigned char *so = make_so(SMALL * 16, 0x71);
  struct racer a = {so, 0}, b = {so, 0};
  pthread_t ta, tb;
  REQUIRE(pthread_create(&ta, NULL, race_publish, &a) == 0);
  REQUIRE(pthread_create(&tb, NULL, race_publish, &b) == 0);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  CHECK_U64(a.rc, AICPU_DISPATCH_OK);
  CHECK_U64(b.rc, AICPU_DISPATCH_OK);
  CHECK(test_count_entries(g_dir, "simpler_inner_") == 1);
  CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
  free(so);
  test_rm_dir(g_dir);
  REQUIRE(mkdir(g_dir, 0755) == 0);
}


/* ---- stale temporaries of dead publishers are removed, live ones kept ---- */

/* A pid that is certainly not running: a child that exited and was reaped. */
static pid_t dead_pid(void) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    _exit(0);
  }
  REQUIRE(waitpid(pid, NULL, 0) == pid);
  return pid;
}

static void touch(const char *dir, const char *name) {
  char path[1024];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  REQUIRE(f != NULL && fputs("partial", f) >= 0 && fclose(f) == 0);
}

static int exists(const char *dir, const char *name) {
  char path[1024];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return lstat(path, &st) == 0;
}

static void stale_temporaries_removed(void) {
  const long dead = (long)dead_pid();
  /* A live process other than this one, and this process itself (another thread's write). */
  const pid_t sleeper = fork();
  REQUIRE(sleeper >= 0);
  if (sleeper == 0) {
    pause();
    _exit(0);
  }
  char stale_same[200], stale_other[200], live[200], own[200], foreign[200], link[200];
  snprintf(stale_same, sizeof stale_same, ".simpler_inner_0123456789abcdef_0.so.tmp.%ld.0.1",
           dead);
  snprintf(stale_other, sizeof stale_other, ".simpler_inner_fedcba9876543210_1.so.tmp.%ld.7.9",
           dead);
  snprintf(live, sizeof live, ".simpler_inner_0123456789abcdef_0.so.tmp.%ld.0.1", (long)sleeper);
  snprintf(own, sizeof own, ".simpler_inner_0123456789abcdef_0.so.tmp.%ld.3.4", (long)getpid());
  /* Not ours: another tool's temporary, even with a dead pid in it. */
  snprintf(foreign, sizeof foreign, ".libother.so.tmp.%ld.0.1", dead);
  touch(g_dir, stale_same);
  touch(g_dir, stale_other);
  touch(g_dir, live);
  touch(g_dir, own);
  touch(g_dir, foreign);
  /* A symlink under a stale temporary's name is not a file we wrote: left alone. */
  char target[1024];
  snprintf(target, sizeof target, "%s/%s", g_dir, foreign);
  snprintf(link, sizeof link, ".simpler_inner_0000000000000000_2.so.tmp.%ld.0.0", dead);
  char link_path[1024];
  snprintf(link_path, sizeof link_path, "%s/%s", g_dir, link);
  REQUIRE(symlink(target, link_path) == 0);

  unsigned char *so = make_so(SMALL, 0x45);
  struct aicpu_publish_result res;
  test_log_clear();
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK(!exists(g_dir, stale_same));
  CHECK(!exists(g_dir, stale_other));
  CHECK(test_log_contains(stale_same));
  CHECK(test_log_contains("which is gone"));
  CHECK(exists(g_dir, live));
  CHECK(exists(g_dir, own));
  CHECK(exists(g_dir, foreign));
  CHECK(exists(g_dir, link));
  /* Publishing an identical file ("kept") cleans too: the kill may have come after the rename. */
  touch(g_dir, stale_same);
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK(res.kept_existing == 1);
  CHECK(!exists(g_dir, stale_same));

  REQUIRE(kill(sleeper, SIGKILL) == 0 && waitpid(sleeper, NULL, 0) == sleeper);
  /* The sleeper is gone now: its temporary is stale at the next publish. */
  CHECK_U64(aicpu_publish_runtime(g_dir, 0, so, SMALL, &res), AICPU_DISPATCH_OK);
  CHECK(!exists(g_dir, live));
  CHECK(exists(g_dir, own));
  const char *leftovers[] = {own, foreign, link, NULL};
  for (const char **n = leftovers; *n != NULL; ++n) {
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", g_dir, *n);
    REQUIRE(unlink(path) == 0);
  }
  REQUIRE(unlink(res.path) == 0);
  free(so);
}

/* ---- a publisher killed (SIGKILL) anywhere in write/fsync/rename leaves no partial file ---- */

#define KILL_SIZE (16u * 1024u * 1024u)
#define KILL_ROUNDS 25

static void killed_publisher_never_leaves_a_partial_file(void) {
  unsigned char id[8] = {0x6b, 0x69, 0x6c, 0x6c, 0x65, 0x64, 0x00, 0x01};
  unsigned char *so = malloc(KILL_SIZE);
  REQUIRE(so != NULL);
  test_make_elf(so, KILL_SIZE, 3, TEST_MACHINE, id, sizeof id, 0x5c);
  char final_path[700];
  snprintf(final_path, sizeof final_path, "%s/simpler_inner_%016" PRIx64 "_2.so", g_dir,
           aicpu_fingerprint(so, KILL_SIZE));
  /* How long one publish takes here, so the kills land across the whole sequence. */
  struct timespec t0, t1;
  struct aicpu_publish_result res;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  REQUIRE(aicpu_publish_runtime(g_dir, 2, so, KILL_SIZE, &res) == AICPU_DISPATCH_OK);
  clock_gettime(CLOCK_MONOTONIC, &t1);
  REQUIRE(unlink(final_path) == 0);
  long span_us = (t1.tv_sec - t0.tv_sec) * 1000000L + (t1.tv_nsec - t0.tv_nsec) / 1000L;
  if (span_us < 1000) span_us = 1000;
  srand((unsigned)time(NULL));
  int absent = 0, complete = 0, finished = 0;
  for (int round = 0; round < KILL_ROUNDS; ++round) {
    /* Half the rounds start from an older file under the final name, which must survive whole
       or be replaced whole. */
    const int with_old = round % 2;
    unsigned char *old = NULL;
    if (with_old) {
      old = make_so(SMALL, 0x11);
      FILE *f = fopen(final_path, "wb");
      REQUIRE(f != NULL && fwrite(old, 1, SMALL, f) == SMALL && fclose(f) == 0);
    }
    fflush(NULL);
    const pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      struct aicpu_publish_result r;
      _exit(aicpu_publish_runtime(g_dir, 2, so, KILL_SIZE, &r) == AICPU_DISPATCH_OK ? 0 : 1);
    }
    const long delay = rand() % (span_us + span_us / 4);
    usleep((useconds_t)delay);
    (void)kill(pid, SIGKILL);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    finished += WIFEXITED(status);
    struct stat st;
    if (lstat(final_path, &st) != 0) {
      ++absent;
      CHECK(!with_old); /* an older file is replaced by one rename, never removed first */
    } else {
      size_t len;
      unsigned char *back = test_read_file(final_path, &len);
      const int is_new = len == KILL_SIZE && memcmp(back, so, KILL_SIZE) == 0;
      const int is_old = with_old && len == SMALL && memcmp(back, old, SMALL) == 0;
      CHECK(is_new || is_old);
      complete += is_new;
      free(back);
    }
    /* The next publish removes the killed publisher's temporary and succeeds. */
    CHECK_U64(aicpu_publish_runtime(g_dir, 2, so, KILL_SIZE, &res), AICPU_DISPATCH_OK);
    CHECK(test_count_entries(g_dir, TMP_PREFIX) == 0);
    size_t len;
    unsigned char *back = test_read_file(final_path, &len);
    CHECK(len == KILL_SIZE && memcmp(back, so, KILL_SIZE) == 0);
    free(back);
    REQUIRE(unlink(final_path) == 0);
    free(old);
  }
  fprintf(stderr, "kill: %d rounds, final name absent %d, new and complete %d, publisher done %d\n",
          KILL_ROUNDS, absent, complete, finished);
  free(so);
}

int main(void) {
  test_mkdtemp(g_dir, sizeof g_dir, "publish");
  validation_codes();
  publishes_with_fingerprint_name();
  identical_left_untouched();
  different_replaced(SMALL);      /* same size, other bytes: compared, then replaced */
  different_replaced(SMALL / 2);  /* other size: replaced without reading */
  refuses_non_regular_final_name();
  directory_failures();
  polling_reader_never_sees_a_prefix();
  concurrent_publishers();
  stale_temporaries_removed();
  killed_publisher_never_leaves_a_partial_file();
  CHECK(test_count_entries(g_dir, "") == 0);
  test_rm_dir(g_dir);
  return check_finish("publish");
}
