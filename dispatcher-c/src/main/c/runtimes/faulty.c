/*
 * Deliberately faulty runtimes for the fault tests, one per FAULTY_KIND (set by CMake):
 *   1 libfaulty_missing_exec.so  exports simpler_aicpu_init only
 *   2 libfaulty_exec_fails.so    simpler_aicpu_exec returns FAULTY_EXEC_RESULT (42 = 0x2a)
 *   3 libfaulty_hang.so          simpler_aicpu_exec never returns; it sleeps in 1 ms steps so the
 *                                process stays killable and idle
 *   4 libfaulty_crash.so         simpler_aicpu_exec stores through a null pointer (SIGSEGV)
 *   5 libfaulty_unresolved.so    simpler_aicpu_exec returns 0; faulty_never_called calls a function
 *                                nothing defines. Loads with RTLD_LAZY (CANN's flags) as long as
 *                                nobody calls it; RTLD_NOW refuses it
 *   6 libfaulty_unloadable.so    simpler_aicpu_exec reads a variable nothing defines: no dlopen
 *                                loads it (data references are bound at load time)
 *   7 libfaulty_fork.so          simpler_aicpu_exec forks a child that keeps every descriptor the
 *                                AICPU process had open and sleeps for an hour, then returns 0
 *                                (issue 17: the host must not wait for the child's pipes)
 */
#define _POSIX_C_SOURCE 200809L
#include <stddef.h>
#include <time.h>

#include "runtime_export.h"

#define FAULTY_EXEC_RESULT 42u

RUNTIME_EXPORT uint32_t simpler_aicpu_init(void *args) {
  (void)args;
  return RUNTIME_OK;
}

#if FAULTY_KIND == 2
RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  (void)args;
  return FAULTY_EXEC_RESULT;
}
#elif FAULTY_KIND == 3
RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  (void)args;
  const struct timespec step = {0, 1000000L};
  for (;;) {
    (void)nanosleep(&step, NULL);
  }
}
#elif FAULTY_KIND == 4
/* volatile: the compiler cannot prove the pointer null, so the store really faults. */
static int *volatile g_nowhere = NULL;

RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  (void)args;
  *g_nowhere = 1;
  return RUNTIME_OK;
}
#elif FAULTY_KIND == 5
extern uint32_t faulty_function_nowhere_defined(void);

RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  (void)args;
  return RUNTIME_OK;
}

RUNTIME_EXPORT uint32_t faulty_never_called(void *args) {
  (void)args;
  return faulty_function_nowhere_defined();
}
#elif FAULTY_KIND == 6
extern uint32_t faulty_variable_nowhere_defined;

RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  (void)args;
  return faulty_variable_nowhere_defined;
}
#elif FAULTY_KIND == 7
#include <unistd.h>

RUNTIME_EXPORT uint32_t simpler_aicpu_exec(void *args) {
  (void)args;
  pid_t child = fork();
  if (child == 0) {
    const struct timespec step = {3600, 0};
    (void)nanosleep(&step, NULL);
    _exit(0);
  }
  return child < 0 ? FAULTY_EXEC_RESULT : RUNTIME_OK;
}
#elif FAULTY_KIND != 1
#error "FAULTY_KIND must be 1..7"
#endif
