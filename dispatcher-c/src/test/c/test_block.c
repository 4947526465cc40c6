/*
 * aicpu_block.h: the blocks of a launch number themselves 0..n-1 from the counter in their payload,
 * once each, whichever thread runs them and in whatever order, and two launches in flight at the
 * same time (one runtime SO, two payloads) never take each other's numbers. Then the example vector
 * runtime, called once per block as CANN calls it (PROTOCOL §7.1), covers every element exactly
 * once. Runs natively and, in the aarch64 build, under qemu: the same header on both.
 */
#include <dlfcn.h>
#include <pthread.h>
#include <string.h>

#include "aicpu_abi.h"
#include "aicpu_block.h"
#include "check.h"
#include "device_stubs.h"

#define BLOCKS 6u
#define LAUNCHES 2u
#define ROUNDS 200

struct launch {
  struct aicpu_blocks blocks;
  uint32_t seen[BLOCKS]; /* how often each index was handed out */
  uint32_t surplus;      /* claims beyond the launch's count */
};

static struct launch g_launches[LAUNCHES];
static pthread_barrier_t g_start;

/* One "kernel call": claims a block of launch l and records what it got. */
static void call(struct launch *l) {
  const struct aicpu_block b = aicpu_block_claim(&l->blocks);
  CHECK_U64(b.num, BLOCKS);
  if (b.idx < b.num) {
    __atomic_fetch_add(&l->seen[b.idx], 1u, __ATOMIC_RELAXED);
  } else {
    __atomic_fetch_add(&l->surplus, 1u, __ATOMIC_RELAXED);
  }
}

/* Each thread makes one call for each launch, the launches interleaved. */
static void *thread_main(void *arg) {
  const uintptr_t t = (uintptr_t)arg;
  pthread_barrier_wait(&g_start);
  for (uint32_t i = 0; i < LAUNCHES; ++i) {
    call(&g_launches[(t + i) % LAUNCHES]);
  }
  return NULL;
}

static void overlapping_launches(uint32_t calls) {
  memset(g_launches, 0, sizeof g_launches);
  for (uint32_t l = 0; l < LAUNCHES; ++l) {
    g_launches[l].blocks.count = BLOCKS;
  }
  pthread_t threads[BLOCKS + 2];
  REQUIRE(calls <= sizeof threads / sizeof *threads);
  REQUIRE(pthread_barrier_init(&g_start, NULL, calls) == 0);
  for (uintptr_t t = 0; t < calls; ++t) {
    REQUIRE(pthread_create(&threads[t], NULL, thread_main, (void *)t) == 0);
  }
  for (uint32_t t = 0; t < calls; ++t) {
    pthread_join(threads[t], NULL);
  }
  pthread_barrier_destroy(&g_start);
  for (uint32_t l = 0; l < LAUNCHES; ++l) {
    for (uint32_t i = 0; i < BLOCKS; ++i) {
      CHECK_U64(g_launches[l].seen[i], i < calls ? 1u : 0u);
    }
    CHECK_U64(g_launches[l].surplus, calls > BLOCKS ? calls - BLOCKS : 0u);
  }
}

typedef uint32_t (*entry_fn)(void *);

struct vector_call {
  entry_fn exec;
  struct aicpu_vector_args *args;
  uint32_t rc;
};

static void *vector_block(void *p) {
  struct vector_call *c = p;
  c->rc = c->exec(c->args);
  return NULL;
}

/* The example runtime, BLOCKS concurrent calls with one payload: every element exactly once. */
static void vector_runtime(void) {
  void *so = dlopen(VECTOR_SO, RTLD_NOW | RTLD_LOCAL);
  if (so == NULL) fprintf(stderr, "%s\n", dlerror());
  REQUIRE(so != NULL);
  void *sym = dlsym(so, "simpler_aicpu_exec");
  REQUIRE(sym != NULL);
  entry_fn exec;
  memcpy(&exec, &sym, sizeof exec);
  enum { N = 1000 };
  static float a[N], b[N], out[N];
  for (int i = 0; i < N; ++i) {
    a[i] = (float)i;
    b[i] = 0.5f;
    out[i] = -1.0f;
  }
  struct aicpu_vector_args v = {(uintptr_t)a, (uintptr_t)b, (uintptr_t)out, N, {0, BLOCKS}};
  pthread_t threads[BLOCKS];
  struct vector_call calls[BLOCKS];
  for (uint32_t t = 0; t < BLOCKS; ++t) {
    calls[t] = (struct vector_call){exec, &v, 99u};
    REQUIRE(pthread_create(&threads[t], NULL, vector_block, &calls[t]) == 0);
  }
  for (uint32_t t = 0; t < BLOCKS; ++t) {
    pthread_join(threads[t], NULL);
    CHECK_U64(calls[t].rc, 0);
  }
  int wrong = 0;
  for (int i = 0; i < N; ++i) wrong += out[i] != (float)i + 0.5f;
  CHECK(wrong == 0);
  /* A payload whose counter says 0 blocks is refused (RUNTIME_E_BAD_ARGS), nothing written. */
  struct aicpu_vector_args zero = {(uintptr_t)a, (uintptr_t)b, (uintptr_t)out, N, {0, 0}};
  out[0] = -1.0f;
  CHECK_U64(exec(&zero), 2);
  CHECK(out[0] == -1.0f);
}

int main(void) {
  for (int round = 0; round < ROUNDS; ++round) {
    overlapping_launches(BLOCKS);
  }
  overlapping_launches(BLOCKS - 2); /* fewer calls: the missing indices stay untaken */
  overlapping_launches(BLOCKS + 2); /* more calls than announced: the extra ones get idx >= num */
  vector_runtime();
  return check_finish("block_index");
}
