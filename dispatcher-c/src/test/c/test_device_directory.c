/*
 * The dispatcher publishes into the card's directory /usr/lib64/aicpu_kernels/0/aicpu_kernels_device/
 * and nowhere else: it asks the process for no directory (no hook symbol; absent here, so Init
 * fails with AICPU_E_DIR_OPEN and names the path).
 */
#include "aicpu_device.h"
#include "aicpu_dispatcher.h"
#include "check.h"
#include "device_stubs.h"
#include "kfc.h"
#include "test_util.h"

int main(void) {
  const kfc_entry init = kfc_resolve("DynTileFwkBackendKernelServerInit");
  size_t len;
  unsigned char *so = test_read_file(VECTOR_SO, &len);
  const uint32_t rc = kfc_init(init, 2, so, len);
  CHECK(test_log_contains(AICPU_PREINSTALL_DIR "simpler_inner_"));
  CHECK(test_log_contains("_2.so"));
  if (access(AICPU_PREINSTALL_DIR, F_OK) != 0) {
    CHECK_U64(rc, AICPU_E_DIR_OPEN);
  }
  free(so);
  return check_finish("device_directory");
}
