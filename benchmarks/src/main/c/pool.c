#include "pool.h"

#include <pthread.h>
#include <stdlib.h>

#define POOL_MAX 64

/* Called through a volatile pointer so the compiler cannot drop the call. */
static uint32_t noop_kernel(void *args) { return args == NULL ? 1u : 0u; }
static uint32_t (*volatile g_kernel)(void *) = noop_kernel;

struct worker {
  struct bench_pool *pool;
  int index;
};

struct bench_pool {
  pthread_mutex_t lock;
  pthread_cond_t go;
  pthread_cond_t done;
  uint64_t generation;
  int remaining;
  int stop;
  int count;
  pthread_t threads[POOL_MAX];
  struct worker workers[POOL_MAX];
};

static void *worker_main(void *p) {
  struct worker *w = p;
  struct bench_pool *pool = w->pool;
  uint64_t seen = 0;
  pthread_mutex_lock(&pool->lock);
  for (;;) {
    while (!pool->stop && pool->generation == seen) {
      pthread_cond_wait(&pool->go, &pool->lock);
    }
    if (pool->stop) {
      break;
    }
    seen = pool->generation;
    pthread_mutex_unlock(&pool->lock);
    (void)g_kernel(&w->index);
    pthread_mutex_lock(&pool->lock);
    if (--pool->remaining == 0) {
      pthread_cond_signal(&pool->done);
    }
  }
  pthread_mutex_unlock(&pool->lock);
  return NULL;
}

struct bench_pool *bench_pool_new(int n) {
  if (n < 1 || n > POOL_MAX) {
    return NULL;
  }
  struct bench_pool *pool = calloc(1, sizeof *pool);
  if (pool == NULL) {
    return NULL;
  }
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->go, NULL);
  pthread_cond_init(&pool->done, NULL);
  for (int i = 0; i < n; i++) {
    pool->workers[i] = (struct worker){pool, i};
    if (pthread_create(&pool->threads[i], NULL, worker_main, &pool->workers[i]) != 0) {
      bench_pool_free(pool);
      return NULL;
    }
    pool->count++;
  }
  return pool;
}

int bench_pool_round(struct bench_pool *pool) {
  if (pool == NULL) {
    return -1;
  }
  pthread_mutex_lock(&pool->lock);
  pool->remaining = pool->count;
  pool->generation++;
  pthread_cond_broadcast(&pool->go);
  while (pool->remaining > 0) {
    pthread_cond_wait(&pool->done, &pool->lock);
  }
  pthread_mutex_unlock(&pool->lock);
  return 0;
}

void bench_pool_free(struct bench_pool *pool) {
  if (pool == NULL) {
    return;
  }
  pthread_mutex_lock(&pool->lock);
  pool->stop = 1;
  pthread_cond_broadcast(&pool->go);
  pthread_mutex_unlock(&pool->lock);
  for (int i = 0; i < pool->count; i++) {
    pthread_join(pool->threads[i], NULL);
  }
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->go);
  pthread_mutex_destroy(&pool->lock);
  free(pool);
}
