/*
 * libexample_legacy_runtime.so called as CANN's KFC library calls a latched SO (PROTOCOL §3.3 (a),
 * §7.2): dlopen, the three dlsyms, Init with the bootstrap blob, then the server entry with the
 * legacy task blob (docs/ABI.md "Legacy KFC launch") once per block.
 */
#include <dlfcn.h>

#include "aicpu_abi.h"
#include "check.h"
#include "device_stubs.h"
#include "kfc.h"

static kfc_entry resolve(void *so, const char *symbol) {
  void *sym = dlsym(so, symbol);
  REQUIRE(sym != NULL);
  kfc_entry fn;
  memcpy(&fn, &sym, sizeof fn);
  return fn;
}

static void fill_server_args(struct aicpu_legacy_server_args *blob, void *payload, uint64_t len) {
  memset(blob, 0, sizeof *blob);
  blob->payload_addr = (uint64_t)(uintptr_t)payload;
  blob->payload_len = len;
  snprintf(blob->kernel_name, sizeof blob->kernel_name, "DynTileFwkKernelServer");
  snprintf(blob->so_name, sizeof blob->so_name, "libaicpu_extend_kernels.so");
}

int main(void) {
  void *so = dlopen(LEGACY_SO, RTLD_NOW | RTLD_LOCAL);
  if (so == NULL) fprintf(stderr, "%s\n", dlerror());
  REQUIRE(so != NULL);
  kfc_entry init = resolve(so, "DynTileFwkBackendKernelServerInit");
  kfc_entry server = resolve(so, "DynTileFwkBackendKernelServer");
  REQUIRE(dlsym(so, "StaticTileFwkBackendKernelServer") != NULL);
  CHECK(dlsym(so, "simpler_aicpu_exec") == NULL);

  enum { N = 10 };
  float a[N], b[N], out[N];
  for (int i = 0; i < N; ++i) {
    a[i] = (float)i;
    b[i] = 100.0f * (float)i;
    out[i] = -1.0f;
  }
  struct aicpu_vector_args v = {(uint64_t)(uintptr_t)a, (uint64_t)(uintptr_t)b,
                                (uint64_t)(uintptr_t)out, N, {0, 3}};
  struct aicpu_legacy_server_args blob;
  fill_server_args(&blob, &v, sizeof v);

  /* Before the bootstrap reached Init (a latch skipped this SO): refused, nothing written. */
  CHECK_U64(server(&blob), 3);
  CHECK(out[0] == -1.0f);

  /* Init reads the bootstrap blob's DeviceArgs pointer; NULL args or a NULL pointer are refused. */
  CHECK_U64(init(NULL), 1);
  struct aicpu_bootstrap_args no_dev;
  kfc_fill_args(&no_dev, NULL, "DynTileFwkKernelServerInit");
  CHECK_U64(init(&no_dev), 2);
  CHECK_U64(server(&blob), 3);
  unsigned char so_bytes[8] = {0};
  CHECK_U64(kfc_init(init, 5, so_bytes, sizeof so_bytes), 0);

  /* Three blocks share the ten elements: 4 + 4 + 2; each call claims the next block. */
  for (uint32_t blk = 0; blk < 3; ++blk) {
    CHECK_U64(server(&blob), 0);
  }
  CHECK_U64(v.blocks.next, 3);
  for (int i = 0; i < N; ++i) CHECK(out[i] == 101.0f * (float)i);

  /* The payload must be a whole struct aicpu_vector_args at a non-zero address. */
  fill_server_args(&blob, &v, sizeof v - 1);
  CHECK_U64(server(&blob), 2);
  fill_server_args(&blob, NULL, sizeof v);
  CHECK_U64(server(&blob), 2);
  CHECK_U64(server(NULL), 1);
  return check_finish("legacy_runtime");
}
