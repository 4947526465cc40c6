/*
 * aicpu_card_glibc.h - build a device SO for the card with a newer cross toolchain.
 *
 * glibc 2.34 moved the dl* and pthread_* functions into libc.so.6 under a new symbol version
 * (GLIBC_2.34), so an SO cross-built against Debian's or Ubuntu's glibc asks for GLIBC_2.34, and
 * the card's AICPU OS (an older glibc; docs/DEBUGGING.md "Before a card") cannot load it. Every
 * aarch64 glibc still provides these functions under their original version, GLIBC_2.17, the
 * first aarch64 release: including this header in each source file binds them there instead, and
 * the SO links libdl.so.2 and libpthread.so.0 (which hold them on an older glibc) when built with
 * AICPU_CARD_GLIBC_LINK_OPTIONS. `aicpu-launch inspect` checks the result.
 *
 * Nothing changes on a toolchain with an older glibc or for another architecture (the simulator's
 * x86-64 build runs against the host's glibc).
 *
 * Functions that glibc 2.33 gave new versions (stat, fstat, lstat, fstatat, mknod) have no
 * GLIBC_2.17 symbol to bind to: call aicpu_fstatat() below, or the stat syscall yourself.
 */
#ifndef AICPU_CARD_GLIBC_H
#define AICPU_CARD_GLIBC_H

#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#if defined(__aarch64__) && defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
#define AICPU_CARD_GLIBC_PIN(fn) __asm__(".symver " #fn "," #fn "@GLIBC_2.17")
AICPU_CARD_GLIBC_PIN(dlopen);
AICPU_CARD_GLIBC_PIN(dlclose);
AICPU_CARD_GLIBC_PIN(dlsym);
AICPU_CARD_GLIBC_PIN(dlvsym);
AICPU_CARD_GLIBC_PIN(dlerror);
AICPU_CARD_GLIBC_PIN(dladdr);
AICPU_CARD_GLIBC_PIN(dladdr1);
AICPU_CARD_GLIBC_PIN(dlinfo);
AICPU_CARD_GLIBC_PIN(dlmopen);
AICPU_CARD_GLIBC_PIN(pthread_create);
AICPU_CARD_GLIBC_PIN(pthread_join);
AICPU_CARD_GLIBC_PIN(pthread_detach);
AICPU_CARD_GLIBC_PIN(pthread_tryjoin_np);
AICPU_CARD_GLIBC_PIN(pthread_timedjoin_np);
AICPU_CARD_GLIBC_PIN(pthread_key_create);
AICPU_CARD_GLIBC_PIN(pthread_key_delete);
AICPU_CARD_GLIBC_PIN(pthread_getspecific);
AICPU_CARD_GLIBC_PIN(pthread_setspecific);
AICPU_CARD_GLIBC_PIN(pthread_once);
AICPU_CARD_GLIBC_PIN(pthread_mutex_trylock);
AICPU_CARD_GLIBC_PIN(pthread_mutexattr_settype);
AICPU_CARD_GLIBC_PIN(pthread_cond_timedwait);
AICPU_CARD_GLIBC_PIN(pthread_rwlock_rdlock);
AICPU_CARD_GLIBC_PIN(pthread_rwlock_wrlock);
AICPU_CARD_GLIBC_PIN(pthread_rwlock_unlock);
AICPU_CARD_GLIBC_PIN(pthread_rwlock_init);
AICPU_CARD_GLIBC_PIN(pthread_rwlock_destroy);
AICPU_CARD_GLIBC_PIN(pthread_attr_setstacksize);
AICPU_CARD_GLIBC_PIN(pthread_setaffinity_np);
AICPU_CARD_GLIBC_PIN(pthread_getaffinity_np);
AICPU_CARD_GLIBC_PIN(pthread_setname_np);
AICPU_CARD_GLIBC_PIN(sem_init);
AICPU_CARD_GLIBC_PIN(sem_destroy);
AICPU_CARD_GLIBC_PIN(sem_post);
AICPU_CARD_GLIBC_PIN(sem_wait);
AICPU_CARD_GLIBC_PIN(sem_timedwait);
#undef AICPU_CARD_GLIBC_PIN
#endif

/*
 * fstatat(2) without glibc's wrapper: the kernel's struct stat is glibc's on aarch64 and x86-64
 * (both use the generic or the native 64-bit layout), so the syscall fills the same struct.
 * Returns 0, or -1 with errno set.
 */
static inline int aicpu_fstatat(int dirfd, const char *path, struct stat *st, int flags) {
#if defined(SYS_newfstatat)
  return (int)syscall(SYS_newfstatat, dirfd, path, st, flags);
#else
  return fstatat(dirfd, path, st, flags);
#endif
}

#endif /* AICPU_CARD_GLIBC_H */
