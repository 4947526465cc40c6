/* The preinstall-directory hook, defined by the test executable and exported with -rdynamic. */
#include <stdint.h>

#define EXPORT __attribute__((visibility("default")))

EXPORT const char *test_preinstall_dir;
EXPORT uint32_t test_hook_last_device = UINT32_MAX;

EXPORT const char *aicpu_preinstall_dir_hook(uint32_t device_id) {
  test_hook_last_device = device_id;
  return test_preinstall_dir;
}
