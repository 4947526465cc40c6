/*
 * A stand-in for the simulator's device library, as far as the dispatcher's weak hook goes: loaded
 * RTLD_GLOBAL before the dispatcher, it supplies the preinstall directory from the environment.
 */
#include <stdint.h>
#include <stdlib.h>

__attribute__((visibility("default"))) const char *aicpu_preinstall_dir_hook(uint32_t device_id) {
  (void)device_id;
  return getenv("AICPU_TEST_PREINSTALL_DIR");
}
