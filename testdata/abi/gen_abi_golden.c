/*
 * Golden-byte generator for the host-built ABI structures of PROTOCOL.md section 2.
 *
 * The struct definitions below are written from PROTOCOL.md (2.1-2.5, 2.7) and docs/ABI.md
 * ("Dispatch-through request", "Legacy KFC launch"), not from the Java encoders, and every offset and size is pinned with static_assert, so the .bin files this program
 * writes are an independent statement of the layouts (F11: the bootstrap ABI must not drift).
 * Pointer-typed C fields are declared uint64_t: same size and alignment on LP64 (asserted below),
 * and the bytes no longer depend on the host's pointer width.
 *
 * Regenerate (from the repository root):
 *   cc -std=c11 -Wall -Wextra -Werror -o /tmp/gen testdata/abi/gen_abi_golden.c && /tmp/gen testdata/abi
 *
 * Every value written here is listed in testdata/abi/README.md; keep the two in step.
 */
#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static_assert(sizeof(void *) == 8, "LP64 only: pointer fields are modelled as uint64_t");
static_assert(_Alignof(void *) == _Alignof(uint64_t), "pointer and uint64_t align alike");
static_assert(sizeof(size_t) == 8, "size_t fields are modelled as uint64_t");

/* 2.1 Bootstrap launch blob (upstream's local struct Args), 304 B. */
struct BootstrapKernelArgs {
  uint64_t unused[5];
  uint64_t device_args_ptr;
  uint64_t pad[20];
};
struct BootstrapArgs {
  struct BootstrapKernelArgs k_args;
  char kernel_name[32];
  char so_name[32];
  char op_name[32];
};
static_assert(offsetof(struct BootstrapArgs, k_args.device_args_ptr) == 40, "device_args_ptr");
static_assert(offsetof(struct BootstrapArgs, kernel_name) == 208, "kernel_name");
static_assert(offsetof(struct BootstrapArgs, so_name) == 240, "so_name");
static_assert(offsetof(struct BootstrapArgs, op_name) == 272, "op_name");
static_assert(sizeof(struct BootstrapArgs) == 304, "BootstrapArgs size");

/* 2.2 Extended bootstrap DeviceArgs, 160 B. */
struct DeviceArgs {
  uint64_t unused[12];
  uint64_t aicpu_so_bin;
  uint64_t aicpu_so_len;
  uint64_t device_id;
  uint64_t inner_so_bin;
  uint64_t inner_so_len;
  uint64_t tail[3];
};
static_assert(offsetof(struct DeviceArgs, aicpu_so_bin) == 96, "aicpu_so_bin");
static_assert(offsetof(struct DeviceArgs, aicpu_so_len) == 104, "aicpu_so_len");
static_assert(offsetof(struct DeviceArgs, device_id) == 112, "device_id");
static_assert(offsetof(struct DeviceArgs, inner_so_bin) == 120, "inner_so_bin");
static_assert(offsetof(struct DeviceArgs, inner_so_len) == 128, "inner_so_len");
static_assert(sizeof(struct DeviceArgs) == 160, "DeviceArgs size");

/* 2.7 rtAicpuArgsEx_t, CANN 8.5.0 and later (tags v8.5.0, v9.0.0, v9.1.0, HEAD), 48 B. */
struct rtAicpuArgsEx48 {
  uint64_t args;
  uint64_t hostInputInfoPtr;
  uint64_t kernelOffsetInfoPtr;
  uint32_t argsSize;
  uint16_t hostInputInfoNum;
  uint16_t kernelOffsetInfoNum;
  uint32_t soNameAddrOffset;
  uint32_t kernelNameAddrOffset;
  bool isNoNeedH2DCopy;
  uint16_t timeout;
  uint8_t reserved;
};
static_assert(offsetof(struct rtAicpuArgsEx48, args) == 0, "args");
static_assert(offsetof(struct rtAicpuArgsEx48, hostInputInfoPtr) == 8, "hostInputInfoPtr");
static_assert(offsetof(struct rtAicpuArgsEx48, kernelOffsetInfoPtr) == 16, "kernelOffsetInfoPtr");
static_assert(offsetof(struct rtAicpuArgsEx48, argsSize) == 24, "argsSize");
static_assert(offsetof(struct rtAicpuArgsEx48, hostInputInfoNum) == 28, "hostInputInfoNum");
static_assert(offsetof(struct rtAicpuArgsEx48, kernelOffsetInfoNum) == 30, "kernelOffsetInfoNum");
static_assert(offsetof(struct rtAicpuArgsEx48, soNameAddrOffset) == 32, "soNameAddrOffset");
static_assert(offsetof(struct rtAicpuArgsEx48, kernelNameAddrOffset) == 36, "kernelNameAddrOffset");
static_assert(offsetof(struct rtAicpuArgsEx48, isNoNeedH2DCopy) == 40, "isNoNeedH2DCopy");
static_assert(offsetof(struct rtAicpuArgsEx48, timeout) == 42, "timeout");
static_assert(offsetof(struct rtAicpuArgsEx48, reserved) == 44, "reserved");
static_assert(sizeof(struct rtAicpuArgsEx48) == 48, "rtAicpuArgsEx_t (8.5+) size");

/* 2.7 rtAicpuArgsEx_t as older CANN headers declare it: u16 name offsets, no timeout, 40 B. */
struct rtAicpuArgsEx40 {
  uint64_t args;
  uint64_t hostInputInfoPtr;
  uint64_t kernelOffsetInfoPtr;
  uint32_t argsSize;
  uint16_t hostInputInfoNum;
  uint16_t kernelOffsetInfoNum;
  uint16_t soNameAddrOffset;
  uint16_t kernelNameAddrOffset;
  bool isNoNeedH2DCopy;
  uint8_t reserved[3];
};
static_assert(offsetof(struct rtAicpuArgsEx40, argsSize) == 24, "argsSize");
static_assert(offsetof(struct rtAicpuArgsEx40, hostInputInfoNum) == 28, "hostInputInfoNum");
static_assert(offsetof(struct rtAicpuArgsEx40, kernelOffsetInfoNum) == 30, "kernelOffsetInfoNum");
static_assert(offsetof(struct rtAicpuArgsEx40, soNameAddrOffset) == 32, "soNameAddrOffset");
static_assert(offsetof(struct rtAicpuArgsEx40, kernelNameAddrOffset) == 34, "kernelNameAddrOffset");
static_assert(offsetof(struct rtAicpuArgsEx40, isNoNeedH2DCopy) == 36, "isNoNeedH2DCopy");
static_assert(offsetof(struct rtAicpuArgsEx40, reserved) == 37, "reserved");
static_assert(sizeof(struct rtAicpuArgsEx40) == 40, "rtAicpuArgsEx_t (before 8.5) size");

/* 2.7 rtCpuKernelArgs_t, 72 B. */
struct rtCpuKernelArgs {
  struct rtAicpuArgsEx48 baseArgs;
  uint64_t cpuParamHeadOffset;
  uint32_t rsv[4];
};
static_assert(offsetof(struct rtCpuKernelArgs, baseArgs) == 0, "baseArgs");
static_assert(offsetof(struct rtCpuKernelArgs, cpuParamHeadOffset) == 48, "cpuParamHeadOffset");
static_assert(offsetof(struct rtCpuKernelArgs, rsv) == 56, "rsv");
static_assert(sizeof(struct rtCpuKernelArgs) == 72, "rtCpuKernelArgs_t size");

/* rtCpuKernelArgs_t over the 40-byte rtAicpuArgsEx_t of older headers, 64 B (inferred: the
 * struct embeds whatever rtAicpuArgsEx_t the headers declare, so cpuParamHeadOffset follows it). */
struct rtCpuKernelArgs40 {
  struct rtAicpuArgsEx40 baseArgs;
  uint64_t cpuParamHeadOffset;
  uint32_t rsv[4];
};
static_assert(offsetof(struct rtCpuKernelArgs40, cpuParamHeadOffset) == 40, "cpuParamHeadOffset");
static_assert(offsetof(struct rtCpuKernelArgs40, rsv) == 48, "rsv");
static_assert(sizeof(struct rtCpuKernelArgs40) == 64, "rtCpuKernelArgs_t (before 8.5) size");

/* 2.7 rtLaunchKernelAttr_t (20 B, stride 20) and rtKernelLaunchCfg_t (16 B). */
union rtLaunchKernelAttrVal {
  uint8_t schemMode;
  uint32_t localMemorySize;
  uint32_t engineType;
  uint32_t blockDimOffset;
  uint8_t isBlockTaskPrefetch;
  uint8_t isDataDump;
  uint16_t timeout;
  struct {
    uint32_t low;
    uint32_t high;
  } timeoutUs;
  uint32_t rsv[4];
};
typedef struct {
  uint32_t id; /* enum rtLaunchKernelAttrId */
  union rtLaunchKernelAttrVal value;
} rtLaunchKernelAttr_t;
static_assert(sizeof(union rtLaunchKernelAttrVal) == 16, "rtLaunchKernelAttrVal_t size");
static_assert(offsetof(rtLaunchKernelAttr_t, value) == 4, "value");
static_assert(sizeof(rtLaunchKernelAttr_t) == 20, "rtLaunchKernelAttr_t size");
struct rtKernelLaunchCfg {
  uint64_t attrs;
  uint64_t numAttrs;
};
static_assert(offsetof(struct rtKernelLaunchCfg, numAttrs) == 8, "numAttrs");
static_assert(sizeof(struct rtKernelLaunchCfg) == 16, "rtKernelLaunchCfg_t size");

/* 2.7 rtLoadBinaryOption_t (20 B, stride 20) and rtLoadBinaryConfig_t (16 B). */
enum rtLoadBinaryOption {
  RT_LOAD_BINARY_OPT_LAZY_LOAD = 1,
  RT_LOAD_BINARY_OPT_MAGIC = 2,
  RT_LOAD_BINARY_OPT_CPU_KERNEL_MODE = 3,
  RT_LOAD_BINARY_OPT_MAX
};
union rtLoadBinaryOptionValue {
  uint32_t isLazyLoad;
  uint32_t magic;
  int32_t cpuKernelMode;
  uint32_t rsv[4];
};
typedef struct {
  enum rtLoadBinaryOption optionId;
  union rtLoadBinaryOptionValue value;
} rtLoadBinaryOption_t;
static_assert(sizeof(enum rtLoadBinaryOption) == 4, "enum is 4 bytes");
static_assert(sizeof(union rtLoadBinaryOptionValue) == 16, "rtLoadBinaryOptionValue_t size");
static_assert(offsetof(rtLoadBinaryOption_t, optionId) == 0, "optionId");
static_assert(offsetof(rtLoadBinaryOption_t, value) == 4, "value");
static_assert(sizeof(rtLoadBinaryOption_t) == 20, "rtLoadBinaryOption_t size");
struct rtLoadBinaryConfig {
  uint64_t options;
  uint64_t numOpt;
};
static_assert(offsetof(struct rtLoadBinaryConfig, options) == 0, "options");
static_assert(offsetof(struct rtLoadBinaryConfig, numOpt) == 8, "numOpt");
static_assert(sizeof(struct rtLoadBinaryConfig) == 16, "rtLoadBinaryConfig_t size");

/* 2.3 Per-task KernelArgs, a2a3 (96 B). */
struct KernelArgsA2a3 {
  uint64_t runtime_args;
  uint64_t regs;
  uint64_t ffts_base_addr;
  uint64_t dump_data_base;
  uint64_t chip_swimlane_data_base;
  uint64_t pmu_data_base;
  uint64_t pmu_reg_addrs;
  uint64_t dep_gen_data_base;
  uint64_t scope_stats_data_base;
  uint64_t chip_swimlane_aicore_rotation_table;
  uint64_t device_wall_data_base;
  uint32_t enable_profiling_flag;
};
static_assert(offsetof(struct KernelArgsA2a3, runtime_args) == 0, "runtime_args");
static_assert(offsetof(struct KernelArgsA2a3, regs) == 8, "regs");
static_assert(offsetof(struct KernelArgsA2a3, ffts_base_addr) == 16, "ffts_base_addr");
static_assert(offsetof(struct KernelArgsA2a3, dump_data_base) == 24, "dump_data_base");
static_assert(offsetof(struct KernelArgsA2a3, chip_swimlane_data_base) == 32, "chip_swimlane");
static_assert(offsetof(struct KernelArgsA2a3, pmu_data_base) == 40, "pmu_data_base");
static_assert(offsetof(struct KernelArgsA2a3, pmu_reg_addrs) == 48, "pmu_reg_addrs");
static_assert(offsetof(struct KernelArgsA2a3, dep_gen_data_base) == 56, "dep_gen_data_base");
static_assert(offsetof(struct KernelArgsA2a3, scope_stats_data_base) == 64, "scope_stats");
static_assert(offsetof(struct KernelArgsA2a3, chip_swimlane_aicore_rotation_table) == 72,
              "chip_swimlane_aicore_rotation_table");
static_assert(offsetof(struct KernelArgsA2a3, device_wall_data_base) == 80, "device_wall");
static_assert(offsetof(struct KernelArgsA2a3, enable_profiling_flag) == 88, "profiling flag");
static_assert(sizeof(struct KernelArgsA2a3) == 96, "a2a3 KernelArgs size (4 B tail pad)");

/* 2.3 Per-task KernelArgs, a5 (88 B). */
struct KernelArgsA5 {
  uint64_t runtime_args;
  uint64_t regs;
  uint64_t dump_data_base;
  uint64_t chip_swimlane_data_base;
  uint64_t pmu_data_base;
  uint64_t dep_gen_data_base;
  uint64_t chip_swimlane_aicore_rotation_table;
  uint64_t aicore_pmu_ring_addrs;
  uint64_t scope_stats_data_base;
  uint64_t device_wall_data_base;
  uint32_t enable_profiling_flag;
  uint32_t force_simt_anchor;
};
static_assert(offsetof(struct KernelArgsA5, runtime_args) == 0, "runtime_args");
static_assert(offsetof(struct KernelArgsA5, regs) == 8, "regs");
static_assert(offsetof(struct KernelArgsA5, dump_data_base) == 16, "dump_data_base");
static_assert(offsetof(struct KernelArgsA5, chip_swimlane_data_base) == 24, "chip_swimlane");
static_assert(offsetof(struct KernelArgsA5, pmu_data_base) == 32, "pmu_data_base");
static_assert(offsetof(struct KernelArgsA5, dep_gen_data_base) == 40, "dep_gen_data_base");
static_assert(offsetof(struct KernelArgsA5, chip_swimlane_aicore_rotation_table) == 48,
              "chip_swimlane_aicore_rotation_table");
static_assert(offsetof(struct KernelArgsA5, aicore_pmu_ring_addrs) == 56, "aicore_pmu_ring");
static_assert(offsetof(struct KernelArgsA5, scope_stats_data_base) == 64, "scope_stats");
static_assert(offsetof(struct KernelArgsA5, device_wall_data_base) == 72, "device_wall");
static_assert(offsetof(struct KernelArgsA5, enable_profiling_flag) == 80, "profiling flag");
static_assert(offsetof(struct KernelArgsA5, force_simt_anchor) == 84, "force_simt_anchor");
static_assert(sizeof(struct KernelArgsA5) == 88, "a5 KernelArgs size");

/* 2.4 InitArgs, 32 B. */
struct InitArgs {
  uint32_t device_id;
  uint32_t log_level;
  int32_t scheduler_timeout_ms;
  uint64_t dma_workspace_addr[2];
};
static_assert(offsetof(struct InitArgs, device_id) == 0, "device_id");
static_assert(offsetof(struct InitArgs, log_level) == 4, "log_level");
static_assert(offsetof(struct InitArgs, scheduler_timeout_ms) == 8, "scheduler_timeout_ms");
static_assert(offsetof(struct InitArgs, dma_workspace_addr) == 16, "dma_workspace_addr");
static_assert(sizeof(struct InitArgs) == 32, "InitArgs size");

/* 2.5 RegisterCallableArgs, 152 B. */
#define INIT_ARGS_MAX_ORCH_SYMBOL_NAME 64
struct RegisterCallableArgs {
  int32_t active_callable_id;
  uint64_t dev_orch_so_addr;
  uint64_t dev_orch_so_size;
  char device_orch_func_name[INIT_ARGS_MAX_ORCH_SYMBOL_NAME];
  char device_orch_config_name[INIT_ARGS_MAX_ORCH_SYMBOL_NAME];
};
static_assert(offsetof(struct RegisterCallableArgs, active_callable_id) == 0, "callable id");
static_assert(offsetof(struct RegisterCallableArgs, dev_orch_so_addr) == 8, "dev_orch_so_addr");
static_assert(offsetof(struct RegisterCallableArgs, dev_orch_so_size) == 16, "dev_orch_so_size");
static_assert(offsetof(struct RegisterCallableArgs, device_orch_func_name) == 24, "func name");
static_assert(offsetof(struct RegisterCallableArgs, device_orch_config_name) == 88, "config name");
static_assert(sizeof(struct RegisterCallableArgs) == 152, "RegisterCallableArgs size");

/*
 * docs/ABI.md "Dispatch-through request": DeviceArgs whose 24 spare bytes (136-159) carry the
 * request slot, and the 96-byte request the slot points at.
 */
struct DispatchSlot {
  uint32_t request_magic;
  uint32_t request_size;
  uint64_t request_addr;
  uint64_t request_reserved;
};
static_assert(offsetof(struct DispatchSlot, request_magic) == 0, "request_magic");
static_assert(offsetof(struct DispatchSlot, request_size) == 4, "request_size");
static_assert(offsetof(struct DispatchSlot, request_addr) == 8, "request_addr");
static_assert(offsetof(struct DispatchSlot, request_reserved) == 16, "request_reserved");
static_assert(sizeof(struct DispatchSlot) == 24, "DispatchSlot size");

struct DispatchDeviceArgs {
  uint64_t unused[12];
  uint64_t aicpu_so_bin;
  uint64_t aicpu_so_len;
  uint64_t device_id;
  uint64_t inner_so_bin;
  uint64_t inner_so_len;
  struct DispatchSlot slot;
};
static_assert(offsetof(struct DispatchDeviceArgs, device_id) == 112, "device_id");
static_assert(offsetof(struct DispatchDeviceArgs, slot.request_magic) == 136, "slot magic");
static_assert(offsetof(struct DispatchDeviceArgs, slot.request_size) == 140, "slot size");
static_assert(offsetof(struct DispatchDeviceArgs, slot.request_addr) == 144, "slot addr");
static_assert(offsetof(struct DispatchDeviceArgs, slot.request_reserved) == 152, "slot reserved");
static_assert(sizeof(struct DispatchDeviceArgs) == 160, "DispatchDeviceArgs size");

/* "DSP1" read as a little-endian u32. */
#define DISPATCH_MAGIC UINT32_C(0x31505344)

struct DispatchRequest {
  uint64_t fingerprint;
  uint64_t payload_addr;
  uint64_t payload_len;
  uint64_t reserved;
  char entry[64];
};
static_assert(offsetof(struct DispatchRequest, fingerprint) == 0, "fingerprint");
static_assert(offsetof(struct DispatchRequest, payload_addr) == 8, "payload_addr");
static_assert(offsetof(struct DispatchRequest, payload_len) == 16, "payload_len");
static_assert(offsetof(struct DispatchRequest, reserved) == 24, "reserved");
static_assert(offsetof(struct DispatchRequest, entry) == 32, "entry");
static_assert(sizeof(struct DispatchRequest) == 96, "DispatchRequest size");

/* docs/ABI.md "Legacy KFC launch": the task blob, in the bootstrap blob's shape, 304 B. */
struct LegacyServerArgs {
  uint64_t unused[5];
  uint64_t payload_addr;
  uint64_t payload_len;
  uint64_t pad[19];
  char kernel_name[32];
  char so_name[32];
  char op_name[32];
};
static_assert(offsetof(struct LegacyServerArgs, payload_addr) == 40, "payload_addr");
static_assert(offsetof(struct LegacyServerArgs, payload_len) == 48, "payload_len");
static_assert(offsetof(struct LegacyServerArgs, kernel_name) == 208, "kernel_name");
static_assert(offsetof(struct LegacyServerArgs, so_name) == 240, "so_name");
static_assert(offsetof(struct LegacyServerArgs, op_name) == 272, "op_name");
static_assert(sizeof(struct LegacyServerArgs) == 304, "LegacyServerArgs size");

/* Copies a literal that must fit its field with its NUL; a too-long literal does not compile. */
#define COPY_NAME(field, literal)                                              \
  do {                                                                         \
    static_assert(sizeof(literal) <= sizeof(field), "name too long: " #field); \
    memcpy((field), (literal), sizeof(literal));                               \
  } while (0)

static int write_file(const char *dir, const char *name, const void *data, size_t size) {
  char path[4096];
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  if (n < 0 || (size_t)n >= sizeof path) {
    fprintf(stderr, "gen_abi_golden: path too long: %s/%s\n", dir, name);
    return 1;
  }
  FILE *f = fopen(path, "wb");
  if (f == NULL) {
    perror(path);
    return 1;
  }
  size_t written = fwrite(data, 1, size, f);
  if (fclose(f) != 0 || written != size) {
    fprintf(stderr, "gen_abi_golden: short write to %s\n", path);
    return 1;
  }
  return 0;
}

#define WRITE(dir, name, value) write_file((dir), (name), &(value), sizeof(value))

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const char *dir = argv[1];
  int failures = 0;

  struct BootstrapArgs bootstrap;
  memset(&bootstrap, 0, sizeof bootstrap);
  bootstrap.k_args.device_args_ptr = UINT64_C(0x1122334455667788);
  COPY_NAME(bootstrap.kernel_name, "DynTileFwkKernelServerInit");
  COPY_NAME(bootstrap.so_name, "libaicpu_extend_kernels.so");
  COPY_NAME(bootstrap.op_name, "");
  failures += WRITE(dir, "bootstrap_args.bin", bootstrap);

  struct DeviceArgs device;
  memset(&device, 0, sizeof device);
  device.aicpu_so_bin = UINT64_C(0x8786858483828180);
  device.aicpu_so_len = UINT64_C(0x2726252423222120);
  device.device_id = UINT64_C(0x3736353433323130);
  device.inner_so_bin = UINT64_C(0x9796959493929190);
  device.inner_so_len = UINT64_C(0x4746454443424140);
  failures += WRITE(dir, "device_args.bin", device);

  struct rtAicpuArgsEx48 ex48;
  memset(&ex48, 0, sizeof ex48);
  ex48.args = UINT64_C(0xA7A6A5A4A3A2A1A0);
  ex48.hostInputInfoPtr = UINT64_C(0xB7B6B5B4B3B2B1B0);
  ex48.kernelOffsetInfoPtr = UINT64_C(0xC7C6C5C4C3C2C1C0);
  ex48.argsSize = UINT32_C(0x13121110);
  ex48.hostInputInfoNum = UINT16_C(0x2120);
  ex48.kernelOffsetInfoNum = UINT16_C(0x3130);
  ex48.soNameAddrOffset = UINT32_C(0x43424140);
  ex48.kernelNameAddrOffset = UINT32_C(0x53525150);
  ex48.isNoNeedH2DCopy = true;
  ex48.timeout = UINT16_C(0x6160);
  failures += WRITE(dir, "aicpu_args_ex_48.bin", ex48);

  struct rtAicpuArgsEx40 ex40;
  memset(&ex40, 0, sizeof ex40);
  ex40.args = UINT64_C(0xA7A6A5A4A3A2A1A0);
  ex40.hostInputInfoPtr = UINT64_C(0xB7B6B5B4B3B2B1B0);
  ex40.kernelOffsetInfoPtr = UINT64_C(0xC7C6C5C4C3C2C1C0);
  ex40.argsSize = UINT32_C(0x13121110);
  ex40.hostInputInfoNum = UINT16_C(0x2120);
  ex40.kernelOffsetInfoNum = UINT16_C(0x3130);
  ex40.soNameAddrOffset = UINT16_C(0x4140);
  ex40.kernelNameAddrOffset = UINT16_C(0x5150);
  ex40.isNoNeedH2DCopy = true;
  failures += WRITE(dir, "aicpu_args_ex_40.bin", ex40);

  struct rtCpuKernelArgs cpu;
  memset(&cpu, 0, sizeof cpu);
  cpu.baseArgs.args = UINT64_C(0xD7D6D5D4D3D2D1D0);
  cpu.baseArgs.hostInputInfoPtr = UINT64_C(0xE7E6E5E4E3E2E1E0);
  cpu.baseArgs.kernelOffsetInfoPtr = UINT64_C(0xF7F6F5F4F3F2F1F0);
  cpu.baseArgs.argsSize = UINT32_C(0x00000060);
  cpu.baseArgs.hostInputInfoNum = UINT16_C(0x0201);
  cpu.baseArgs.kernelOffsetInfoNum = UINT16_C(0x0403);
  cpu.baseArgs.soNameAddrOffset = UINT32_C(0x08070605);
  cpu.baseArgs.kernelNameAddrOffset = UINT32_C(0x0C0B0A09);
  cpu.baseArgs.isNoNeedH2DCopy = false;
  cpu.baseArgs.timeout = UINT16_C(0x0E0D);
  cpu.cpuParamHeadOffset = UINT64_C(0x1716151413121110);
  failures += WRITE(dir, "cpu_kernel_args.bin", cpu);

  struct rtCpuKernelArgs40 cpu40;
  memset(&cpu40, 0, sizeof cpu40);
  cpu40.baseArgs.args = UINT64_C(0xD7D6D5D4D3D2D1D0);
  cpu40.baseArgs.hostInputInfoPtr = UINT64_C(0xE7E6E5E4E3E2E1E0);
  cpu40.baseArgs.kernelOffsetInfoPtr = UINT64_C(0xF7F6F5F4F3F2F1F0);
  cpu40.baseArgs.argsSize = UINT32_C(0x00000060);
  cpu40.baseArgs.hostInputInfoNum = UINT16_C(0x0201);
  cpu40.baseArgs.kernelOffsetInfoNum = UINT16_C(0x0403);
  cpu40.baseArgs.soNameAddrOffset = UINT16_C(0x0605);
  cpu40.baseArgs.kernelNameAddrOffset = UINT16_C(0x0A09);
  cpu40.baseArgs.isNoNeedH2DCopy = true;
  cpu40.cpuParamHeadOffset = UINT64_C(0x1716151413121110);
  failures += WRITE(dir, "cpu_kernel_args_40.bin", cpu40);

  rtLaunchKernelAttr_t attr;
  memset(&attr, 0, sizeof attr);
  attr.id = 8; /* RT_LAUNCH_KERNEL_ATTR_TIMEOUT_US */
  attr.value.timeoutUs.low = UINT32_C(0x23222120);
  attr.value.timeoutUs.high = UINT32_C(0x27262524);
  failures += WRITE(dir, "launch_kernel_attr.bin", attr);

  struct rtKernelLaunchCfg launch_cfg;
  memset(&launch_cfg, 0, sizeof launch_cfg);
  launch_cfg.attrs = UINT64_C(0xB7B6B5B4B3B2B1B0);
  launch_cfg.numAttrs = UINT64_C(0x3736353433323130);
  failures += WRITE(dir, "kernel_launch_cfg.bin", launch_cfg);

  rtLoadBinaryOption_t option;
  memset(&option, 0, sizeof option);
  option.optionId = RT_LOAD_BINARY_OPT_CPU_KERNEL_MODE;
  option.value.cpuKernelMode = INT32_C(0x13121110);
  failures += WRITE(dir, "load_binary_option.bin", option);

  struct rtLoadBinaryConfig config;
  memset(&config, 0, sizeof config);
  config.options = UINT64_C(0xA7A6A5A4A3A2A1A0);
  config.numOpt = UINT64_C(0x2726252423222120);
  failures += WRITE(dir, "load_binary_config.bin", config);

  struct KernelArgsA2a3 a2a3;
  memset(&a2a3, 0, sizeof a2a3);
  a2a3.runtime_args = UINT64_C(0x1716151413121110);
  a2a3.regs = UINT64_C(0x2726252423222120);
  a2a3.ffts_base_addr = UINT64_C(0x3736353433323130);
  a2a3.dump_data_base = UINT64_C(0x4746454443424140);
  a2a3.chip_swimlane_data_base = UINT64_C(0x5756555453525150);
  a2a3.pmu_data_base = UINT64_C(0x6766656463626160);
  a2a3.pmu_reg_addrs = UINT64_C(0x7776757473727170);
  a2a3.dep_gen_data_base = UINT64_C(0x8786858483828180);
  a2a3.scope_stats_data_base = UINT64_C(0x9796959493929190);
  a2a3.chip_swimlane_aicore_rotation_table = UINT64_C(0xA7A6A5A4A3A2A1A0);
  a2a3.device_wall_data_base = UINT64_C(0xB7B6B5B4B3B2B1B0);
  a2a3.enable_profiling_flag = UINT32_C(0xC3C2C1C0);
  failures += WRITE(dir, "kernel_args_a2a3.bin", a2a3);

  struct KernelArgsA5 a5;
  memset(&a5, 0, sizeof a5);
  a5.runtime_args = UINT64_C(0x1716151413121110);
  a5.regs = UINT64_C(0x2726252423222120);
  a5.dump_data_base = UINT64_C(0x3736353433323130);
  a5.chip_swimlane_data_base = UINT64_C(0x4746454443424140);
  a5.pmu_data_base = UINT64_C(0x5756555453525150);
  a5.dep_gen_data_base = UINT64_C(0x6766656463626160);
  a5.chip_swimlane_aicore_rotation_table = UINT64_C(0x7776757473727170);
  a5.aicore_pmu_ring_addrs = UINT64_C(0x8786858483828180);
  a5.scope_stats_data_base = UINT64_C(0x9796959493929190);
  a5.device_wall_data_base = UINT64_C(0xA7A6A5A4A3A2A1A0);
  a5.enable_profiling_flag = UINT32_C(0xB3B2B1B0);
  a5.force_simt_anchor = UINT32_C(0xC3C2C1C0);
  failures += WRITE(dir, "kernel_args_a5.bin", a5);

  struct InitArgs init;
  memset(&init, 0, sizeof init);
  init.device_id = UINT32_C(0x13121110);
  init.log_level = UINT32_C(0x23222120);
  init.scheduler_timeout_ms = INT32_C(0x33323130);
  init.dma_workspace_addr[0] = UINT64_C(0x4746454443424140);
  init.dma_workspace_addr[1] = UINT64_C(0xC7C6C5C4C3C2C1C0);
  failures += WRITE(dir, "init_args.bin", init);

  struct RegisterCallableArgs reg;
  memset(&reg, 0, sizeof reg);
  reg.active_callable_id = INT32_C(0x13121110);
  reg.dev_orch_so_addr = UINT64_C(0xA7A6A5A4A3A2A1A0);
  reg.dev_orch_so_size = UINT64_C(0x3736353433323130);
  COPY_NAME(reg.device_orch_func_name, "aicpu_orchestration_entry");
  /* 63 characters: the longest name the char[64] field holds with its NUL. */
  COPY_NAME(reg.device_orch_config_name,
            "orchestration_config_for_paged_attention_unrolled_sixty_four_ok");
  static_assert(sizeof("orchestration_config_for_paged_attention_unrolled_sixty_four_ok") == 64,
                "the config name fills the field exactly");
  failures += WRITE(dir, "register_callable_args.bin", reg);

  struct DispatchSlot slot;
  memset(&slot, 0, sizeof slot);
  slot.request_magic = DISPATCH_MAGIC;
  slot.request_size = (uint32_t)sizeof(struct DispatchRequest);
  slot.request_addr = UINT64_C(0xB7B6B5B4B3B2B1B0);
  failures += WRITE(dir, "dispatch_slot.bin", slot);

  struct DispatchDeviceArgs dispatch_device;
  memset(&dispatch_device, 0, sizeof dispatch_device);
  dispatch_device.device_id = UINT64_C(0x3736353433323130);
  dispatch_device.slot = slot;
  failures += WRITE(dir, "dispatch_device_args.bin", dispatch_device);

  struct DispatchRequest request;
  memset(&request, 0, sizeof request);
  request.fingerprint = UINT64_C(0x1716151413121110);
  request.payload_addr = UINT64_C(0xA7A6A5A4A3A2A1A0);
  request.payload_len = UINT64_C(0x2120);
  /* 63 characters: the longest entry the char[64] field holds with its NUL. */
  COPY_NAME(request.entry, "dispatch_entry_name_of_sixty_three_characters_fills_the_field_x");
  static_assert(sizeof("dispatch_entry_name_of_sixty_three_characters_fills_the_field_x") == 64,
                "the entry fills the field exactly");
  failures += WRITE(dir, "dispatch_request.bin", request);

  struct LegacyServerArgs legacy;
  memset(&legacy, 0, sizeof legacy);
  legacy.payload_addr = UINT64_C(0xC7C6C5C4C3C2C1C0);
  legacy.payload_len = UINT64_C(0x3130);
  COPY_NAME(legacy.kernel_name, "DynTileFwkKernelServer");
  COPY_NAME(legacy.so_name, "libaicpu_extend_kernels.so");
  COPY_NAME(legacy.op_name, "");
  failures += WRITE(dir, "legacy_server_args.bin", legacy);

  return failures == 0 ? 0 : 1;
}
