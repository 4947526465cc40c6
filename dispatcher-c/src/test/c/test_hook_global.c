/*
 * The simulator's way: a device library defining aicpu_preinstall_dir_hook is loaded RTLD_GLOBAL
 * first, then the dispatcher; its weak reference binds to that definition at dlopen time and the
 * runtime SO lands in the directory the hook names.
 */
#include <dlfcn.h>

#include "aicpu_dispatcher.h"
#include "check.h"
#include "device_stubs.h"
#include "fingerprint.h"
#include "kfc.h"
#include "test_util.h"

int main(void) {
  char dir[512];
  test_mkdtemp(dir, sizeof dir, "hook");
  REQUIRE(setenv("AICPU_TEST_PREINSTALL_DIR", dir, 1) == 0);
  REQUIRE(dlopen(HOOK_LIB_SO, RTLD_NOW | RTLD_GLOBAL) != NULL);
  const kfc_entry init = kfc_resolve("DynTileFwkBackendKernelServerInit");
  size_t len;
  unsigned char *so = test_read_file(VECTOR_SO, &len);
  CHECK_U64(kfc_init(init, 4, so, len), AICPU_DISPATCH_OK);
  char path[700];
  snprintf(path, sizeof path, "%s/simpler_inner_%016" PRIx64 "_4.so", dir,
           aicpu_fingerprint(so, len));
  CHECK(access(path, R_OK) == 0);
  CHECK(test_count_entries(dir, "") == 1);
  test_rm_dir(dir);
  free(so);
  return check_finish("hook_global");
}
