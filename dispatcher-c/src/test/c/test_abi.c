/*
 * The ABI layouts against PROTOCOL §2.1/§2.2/§2.4 (F11). Offsets below are typed in from PROTOCOL,
 * not taken from the header; values written through the structs are read back at those raw
 * offsets, little-endian. With a directory argument, the golden files bootstrap_args.bin,
 * device_args.bin, dispatch_device_args.bin, dispatch_request.bin and legacy_server_args.bin there
 * are compared byte for byte with structs filled from their fields.
 */
#include "aicpu_abi.h"
#include "check.h"
#include "fingerprint.h"
#include "test_util.h"

struct field {
  const char *name;
  size_t offset, expected;
};

static void offsets(void) {
  const struct field f[] = {
      {"Args.device_args", offsetof(struct aicpu_bootstrap_args, device_args_addr), 40},
      {"Args.kernel_name", offsetof(struct aicpu_bootstrap_args, kernel_name), 208},
      {"Args.so_name", offsetof(struct aicpu_bootstrap_args, so_name), 240},
      {"Args.op_name", offsetof(struct aicpu_bootstrap_args, op_name), 272},
      {"Args size", sizeof(struct aicpu_bootstrap_args), 304},
      {"DeviceArgs.aicpu_so_bin", offsetof(struct aicpu_device_args, aicpu_so_bin), 96},
      {"DeviceArgs.aicpu_so_len", offsetof(struct aicpu_device_args, aicpu_so_len), 104},
      {"DeviceArgs.device_id", offsetof(struct aicpu_device_args, device_id), 112},
      {"DeviceArgs.inner_so_bin", offsetof(struct aicpu_device_args, inner_so_bin), 120},
      {"DeviceArgs.inner_so_len", offsetof(struct aicpu_device_args, inner_so_len), 128},
      {"DeviceArgs.request_magic", offsetof(struct aicpu_device_args, request_magic), 136},
      {"DeviceArgs size", sizeof(struct aicpu_device_args), 160},
      {"InitArgs.log_level", offsetof(struct aicpu_init_args, log_level), 4},
      {"InitArgs.scheduler_timeout_ms", offsetof(struct aicpu_init_args, scheduler_timeout_ms), 8},
      {"InitArgs.dma_workspace_addr", offsetof(struct aicpu_init_args, dma_workspace_addr), 16},
      {"InitArgs size", sizeof(struct aicpu_init_args), 32},
      {"Request size", sizeof(struct aicpu_dispatch_request), 96},
      {"VectorArgs size", sizeof(struct aicpu_vector_args), 40},
      {"Blocks size", sizeof(struct aicpu_blocks), 8},
      {"ChecksumArgs size", sizeof(struct aicpu_checksum_args), 32},
  };
  for (size_t i = 0; i < sizeof f / sizeof *f; ++i) {
    if (f[i].offset != f[i].expected) {
      fprintf(stderr, "%s is %zu, PROTOCOL says %zu\n", f[i].name, f[i].offset, f[i].expected);
    }
    CHECK(f[i].offset == f[i].expected);
  }
  /* The fixed strings fit their 32-byte slots with a NUL (PROTOCOL §2.1). */
  CHECK(strlen("DynTileFwkKernelServerInit") == 26);
  CHECK(strlen("libaicpu_extend_kernels.so") == 26);
  /* The magic reads "DSP1" in memory. */
  struct aicpu_device_args d = {0};
  d.request_magic = AICPU_DISPATCH_MAGIC;
  CHECK(memcmp((unsigned char *)&d + 136, "DSP1", 4) == 0);
}

static void little_endian_bytes(void) {
  struct aicpu_device_args d = {0};
  d.aicpu_so_bin = 0x0102030405060708ULL;
  d.device_id = 0x1112131415161718ULL;
  d.inner_so_len = 0x2122232425262728ULL;
  const unsigned char *b = (const unsigned char *)&d;
  CHECK_U64(aicpu_le_u64(b + 96), 0x0102030405060708ULL);
  CHECK_U64(aicpu_le_u64(b + 112), 0x1112131415161718ULL);
  CHECK_U64(aicpu_le_u64(b + 128), 0x2122232425262728ULL);
  CHECK(b[96] == 0x08 && b[103] == 0x01);
  struct aicpu_init_args ia = {3, 25, -1, 0, {0xaa, 0xbb}};
  const unsigned char *ib = (const unsigned char *)&ia;
  CHECK_U64(aicpu_le_u32(ib + 4), 25);
  CHECK_U64(aicpu_le_u32(ib + 8), 0xffffffffu);
  CHECK_U64(aicpu_le_u64(ib + 24), 0xbb);
}

static unsigned char *golden(const char *dir, const char *name, size_t expected_len) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  if (access(path, R_OK) != 0) {
    fprintf(stderr, "golden file missing: %s\n", path);
    exit(1);
  }
  size_t len;
  unsigned char *b = test_read_file(path, &len);
  if (len != expected_len) {
    fprintf(stderr, "%s is %zu bytes, PROTOCOL says %zu\n", path, len, expected_len);
    exit(1);
  }
  return b;
}

/* Fills the structs by field from values found at PROTOCOL's raw offsets; all else must be 0. */
static void golden_files(const char *dir) {
  unsigned char *boot = golden(dir, "bootstrap_args.bin", 304);
  struct aicpu_bootstrap_args a = {0};
  a.device_args_addr = aicpu_le_u64(boot + 40);
  CHECK(a.device_args_addr != 0);
  memcpy(a.kernel_name, boot + 208, 32);
  memcpy(a.so_name, boot + 240, 32);
  memcpy(a.op_name, boot + 272, 32);
  CHECK(strcmp(a.kernel_name, "DynTileFwkKernelServerInit") == 0);
  CHECK(strcmp(a.so_name, "libaicpu_extend_kernels.so") == 0);
  CHECK(a.op_name[0] == '\0');
  CHECK(memcmp(&a, boot, sizeof a) == 0);

  unsigned char *dev = golden(dir, "device_args.bin", 160);
  struct aicpu_device_args d = {0};
  d.aicpu_so_bin = aicpu_le_u64(dev + 96);
  d.aicpu_so_len = aicpu_le_u64(dev + 104);
  d.device_id = aicpu_le_u64(dev + 112);
  d.inner_so_bin = aicpu_le_u64(dev + 120);
  d.inner_so_len = aicpu_le_u64(dev + 128);
  CHECK(d.aicpu_so_bin != 0 && d.aicpu_so_len != 0 && d.inner_so_bin != 0 && d.inner_so_len != 0);
  CHECK(memcmp(&d, dev, sizeof d) == 0);
  free(boot);
  free(dev);

  /* docs/ABI.md "Dispatch-through request": this header's structs against the generator's. */
  unsigned char *dsp = golden(dir, "dispatch_device_args.bin", 160);
  struct aicpu_device_args ds = {0};
  ds.device_id = aicpu_le_u64(dsp + 112);
  ds.request_magic = AICPU_DISPATCH_MAGIC;
  ds.request_size = (uint32_t)sizeof(struct aicpu_dispatch_request);
  ds.request_addr = aicpu_le_u64(dsp + 144);
  CHECK(ds.device_id != 0 && ds.request_addr != 0);
  CHECK(memcmp(dsp + 136, "DSP1", 4) == 0);
  CHECK(memcmp(&ds, dsp, sizeof ds) == 0);
  free(dsp);

  unsigned char *req = golden(dir, "dispatch_request.bin", 96);
  struct aicpu_dispatch_request r = {0};
  r.fingerprint = aicpu_le_u64(req + 0);
  r.payload_addr = aicpu_le_u64(req + 8);
  r.payload_len = aicpu_le_u64(req + 16);
  memcpy(r.entry, req + 32, sizeof r.entry);
  CHECK(r.fingerprint != 0 && r.payload_addr != 0);
  CHECK(r.payload_len >= 1 && r.payload_len <= AICPU_DISPATCH_PAYLOAD_MAX);
  CHECK_U64(strlen(r.entry), AICPU_DISPATCH_ENTRY_MAX);
  CHECK(memcmp(&r, req, sizeof r) == 0);
  free(req);

  /* docs/ABI.md "Legacy KFC launch". */
  unsigned char *leg = golden(dir, "legacy_server_args.bin", 304);
  struct aicpu_legacy_server_args l = {0};
  l.payload_addr = aicpu_le_u64(leg + 40);
  l.payload_len = aicpu_le_u64(leg + 48);
  memcpy(l.kernel_name, leg + 208, 32);
  memcpy(l.so_name, leg + 240, 32);
  memcpy(l.op_name, leg + 272, 32);
  CHECK(l.payload_addr != 0 && l.payload_len != 0);
  CHECK(strcmp(l.kernel_name, "DynTileFwkKernelServer") == 0);
  CHECK(strcmp(l.so_name, "libaicpu_extend_kernels.so") == 0);
  CHECK(l.op_name[0] == '\0');
  CHECK(memcmp(&l, leg, sizeof l) == 0);
  free(leg);
}

int main(int argc, char **argv) {
  offsets();
  little_endian_bytes();
  if (argc > 1) {
    golden_files(argv[1]);
  }
  return check_finish(argc > 1 ? "abi_golden" : "abi_layout");
}
