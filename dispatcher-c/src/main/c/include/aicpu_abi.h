/*
 * Byte layouts that cross the host/device boundary (PROTOCOL §2.1, §2.2, §2.4) plus the payloads
 * of this project's example runtimes and the dispatch-through request (docs/ABI.md, "Dispatcher").
 *
 * Every field offset and every size is pinned by a static_assert: a drift fails the build
 * (FAILURE-MODES F11). LP64 only; x86_64 and aarch64 share these layouts.
 */
#ifndef AICPU_ABI_H
#define AICPU_ABI_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "aicpu_block.h"

/* Bootstrap launch blob ("Args"), host memory copied to the device by CANN: 304 bytes. */
struct aicpu_bootstrap_args {
  uint64_t unused[5];        /* 0: CANN/pypto slots, always 0 */
  uint64_t device_args_addr; /* 40: device address of struct aicpu_device_args */
  uint64_t pad[20];          /* 48: 0 */
  char kernel_name[32];      /* 208: "DynTileFwkKernelServerInit" (or ...Server) */
  char so_name[32];          /* 240: "libaicpu_extend_kernels.so" */
  char op_name[32];          /* 272: "" */
};
static_assert(offsetof(struct aicpu_bootstrap_args, unused) == 0, "Args.unused");
static_assert(offsetof(struct aicpu_bootstrap_args, device_args_addr) == 40, "Args.device_args");
static_assert(offsetof(struct aicpu_bootstrap_args, pad) == 48, "Args.pad");
static_assert(offsetof(struct aicpu_bootstrap_args, kernel_name) == 208, "Args.kernel_name");
static_assert(offsetof(struct aicpu_bootstrap_args, so_name) == 240, "Args.so_name");
static_assert(offsetof(struct aicpu_bootstrap_args, op_name) == 272, "Args.op_name");
static_assert(sizeof(struct aicpu_bootstrap_args) == 304, "Args size");

/* Offset of the DeviceArgs pointer inside whatever blob CANN hands to a KFC entry. */
#define AICPU_ARGS_DEVICE_ARGS_OFFSET 40u

/* Magic at DeviceArgs+136 that marks a dispatch-through request ("DSP1" as little-endian bytes). */
#define AICPU_DISPATCH_MAGIC 0x31505344u

/*
 * Extended bootstrap DeviceArgs, device memory: 160 bytes. Bytes 0..135 keep the meaning PROTOCOL
 * §2.2 gives them; bytes 136..159 (zero in upstream) carry the dispatch-through request slot.
 */
struct aicpu_device_args {
  uint64_t unused[12];       /* 0: CANN/pypto slots, 0 */
  uint64_t aicpu_so_bin;     /* 96: dispatcher SO bytes (read by CANN's KFC library only) */
  uint64_t aicpu_so_len;     /* 104: dispatcher SO length */
  uint64_t device_id;        /* 112: device id used in the published file name */
  uint64_t inner_so_bin;     /* 120: runtime SO bytes (read by the dispatcher only) */
  uint64_t inner_so_len;     /* 128: runtime SO length */
  uint32_t request_magic;    /* 136: AICPU_DISPATCH_MAGIC, or 0 = no request */
  uint32_t request_size;     /* 140: sizeof(struct aicpu_dispatch_request) */
  uint64_t request_addr;     /* 144: device address of struct aicpu_dispatch_request */
  uint64_t request_reserved; /* 152: must be 0 */
};
static_assert(offsetof(struct aicpu_device_args, unused) == 0, "DeviceArgs.unused");
static_assert(offsetof(struct aicpu_device_args, aicpu_so_bin) == 96, "DeviceArgs.aicpu_so_bin");
static_assert(offsetof(struct aicpu_device_args, aicpu_so_len) == 104, "DeviceArgs.aicpu_so_len");
static_assert(offsetof(struct aicpu_device_args, device_id) == 112, "DeviceArgs.device_id");
static_assert(offsetof(struct aicpu_device_args, inner_so_bin) == 120, "DeviceArgs.inner_so_bin");
static_assert(offsetof(struct aicpu_device_args, inner_so_len) == 128, "DeviceArgs.inner_so_len");
static_assert(offsetof(struct aicpu_device_args, request_magic) == 136, "DeviceArgs.request_magic");
static_assert(offsetof(struct aicpu_device_args, request_size) == 140, "DeviceArgs.request_size");
static_assert(offsetof(struct aicpu_device_args, request_addr) == 144, "DeviceArgs.request_addr");
static_assert(offsetof(struct aicpu_device_args, request_reserved) == 152,
              "DeviceArgs.request_reserved");
static_assert(sizeof(struct aicpu_device_args) == 160, "DeviceArgs size");

/* Longest entry name a request can carry, excluding the terminating NUL. */
#define AICPU_DISPATCH_ENTRY_MAX 63u
/* Largest payload a request may describe; the same bound as the host's LaunchCommand. */
#define AICPU_DISPATCH_PAYLOAD_MAX (64u * 1024u)

/* Request flag: check the request, open the runtime and resolve the entry, acknowledge, but do not
 * call the entry (the host's handshake when a dispatch-through session opens). */
#define AICPU_DISPATCH_FLAG_PING 1u
/* Written to the request's ack word once the dispatcher accepted the request ("DACK" as
 * little-endian bytes); a refused request gets the AICPU_E_* code there instead. */
#define AICPU_DISPATCH_ACK 0x4b434144u

/* Dispatch-through request, device memory: 96 bytes. */
struct aicpu_dispatch_request {
  uint64_t fingerprint;                        /* 0: runtime fingerprint (PROTOCOL §5) */
  uint64_t payload_addr;                       /* 8: device address passed to the entry */
  uint64_t payload_len;                        /* 16: 1..AICPU_DISPATCH_PAYLOAD_MAX */
  uint32_t flags;                              /* 24: AICPU_DISPATCH_FLAG_*, other bits 0 */
  uint32_t ack;                                /* 28: host writes 0; the dispatcher answers */
  char entry[AICPU_DISPATCH_ENTRY_MAX + 1u];   /* 32: NUL-terminated [A-Za-z0-9_]+ */
};
static_assert(offsetof(struct aicpu_dispatch_request, fingerprint) == 0, "Request.fingerprint");
static_assert(offsetof(struct aicpu_dispatch_request, payload_addr) == 8, "Request.payload_addr");
static_assert(offsetof(struct aicpu_dispatch_request, payload_len) == 16, "Request.payload_len");
static_assert(offsetof(struct aicpu_dispatch_request, flags) == 24, "Request.flags");
static_assert(offsetof(struct aicpu_dispatch_request, ack) == 28, "Request.ack");
static_assert(offsetof(struct aicpu_dispatch_request, entry) == 32, "Request.entry");
static_assert(sizeof(struct aicpu_dispatch_request) == 96, "Request size");

/*
 * Legacy KFC task blob (docs/ABI.md "Legacy KFC launch"), host memory copied to the device by CANN:
 * 304 bytes, the bootstrap blob's shape. CANN's KFC library hands the device copy to the latched
 * runtime SO's DynTileFwkBackendKernelServer(args) unchanged.
 */
struct aicpu_legacy_server_args {
  uint64_t unused[5];    /* 0: 0 */
  uint64_t payload_addr; /* 40: device address of the task payload (not 0) */
  uint64_t payload_len;  /* 48: payload bytes, 1..AICPU_DISPATCH_PAYLOAD_MAX */
  uint64_t pad[19];      /* 56: 0 */
  char kernel_name[32];  /* 208: "DynTileFwkKernelServer" */
  char so_name[32];      /* 240: "libaicpu_extend_kernels.so" */
  char op_name[32];      /* 272: "" */
};
static_assert(offsetof(struct aicpu_legacy_server_args, unused) == 0, "Legacy.unused");
static_assert(offsetof(struct aicpu_legacy_server_args, payload_addr) == 40, "Legacy.payload_addr");
static_assert(offsetof(struct aicpu_legacy_server_args, payload_len) == 48, "Legacy.payload_len");
static_assert(offsetof(struct aicpu_legacy_server_args, pad) == 56, "Legacy.pad");
static_assert(offsetof(struct aicpu_legacy_server_args, kernel_name) == 208, "Legacy.kernel_name");
static_assert(offsetof(struct aicpu_legacy_server_args, so_name) == 240, "Legacy.so_name");
static_assert(offsetof(struct aicpu_legacy_server_args, op_name) == 272, "Legacy.op_name");
static_assert(sizeof(struct aicpu_legacy_server_args) == 304, "Legacy size");

/* InitArgs, payload of simpler_aicpu_init (PROTOCOL §2.4): 32 bytes. */
struct aicpu_init_args {
  uint32_t device_id;             /* 0 */
  uint32_t log_level;             /* 4: severity threshold, DEBUG=10 .. NUL=60, default 25 */
  int32_t scheduler_timeout_ms;   /* 8: 0 = compile-time default */
  uint32_t pad;                   /* 12 */
  uint64_t dma_workspace_addr[2]; /* 16: [0] SDMA, [1] URMA; 0 = unavailable */
};
static_assert(offsetof(struct aicpu_init_args, device_id) == 0, "InitArgs.device_id");
static_assert(offsetof(struct aicpu_init_args, log_level) == 4, "InitArgs.log_level");
static_assert(offsetof(struct aicpu_init_args, scheduler_timeout_ms) == 8,
              "InitArgs.scheduler_timeout_ms");
static_assert(offsetof(struct aicpu_init_args, dma_workspace_addr) == 16,
              "InitArgs.dma_workspace_addr");
static_assert(sizeof(struct aicpu_init_args) == 32, "InitArgs size");

/* Payload of libexample_vector_runtime.so simpler_aicpu_exec: out[i] = a[i] + b[i] (float). */
struct aicpu_vector_args {
  uint64_t a_addr;            /* 0: device address of count floats */
  uint64_t b_addr;            /* 8 */
  uint64_t out_addr;          /* 16 */
  uint64_t count;             /* 24: number of elements */
  struct aicpu_blocks blocks; /* 32: {0, numBlocks} per launch (aicpu_block.h) */
};
static_assert(offsetof(struct aicpu_vector_args, a_addr) == 0, "VectorArgs.a_addr");
static_assert(offsetof(struct aicpu_vector_args, b_addr) == 8, "VectorArgs.b_addr");
static_assert(offsetof(struct aicpu_vector_args, out_addr) == 16, "VectorArgs.out_addr");
static_assert(offsetof(struct aicpu_vector_args, count) == 24, "VectorArgs.count");
static_assert(offsetof(struct aicpu_vector_args, blocks) == 32, "VectorArgs.blocks");
static_assert(sizeof(struct aicpu_vector_args) == 40, "VectorArgs size");

/* Payload of example_vector_get_init: where to write struct aicpu_vector_init_state. */
struct aicpu_vector_get_init_args {
  uint64_t out_addr; /* 0 */
};
static_assert(sizeof(struct aicpu_vector_get_init_args) == 8, "VectorGetInitArgs size");

/* What example_vector_get_init writes: the InitArgs the runtime latched. */
struct aicpu_vector_init_state {
  uint32_t device_id;  /* 0 */
  uint32_t log_level;  /* 4 */
  uint32_t init_count; /* 8: simpler_aicpu_init calls seen so far */
  uint32_t pad;        /* 12 */
};
static_assert(offsetof(struct aicpu_vector_init_state, init_count) == 8, "InitState.init_count");
static_assert(sizeof(struct aicpu_vector_init_state) == 16, "InitState size");

/*
 * Payload of libexample_checksum_runtime.so simpler_aicpu_exec (FNV-1a 64 of the buffer) and of
 * its extra entry checksum_aicpu_sum (sum of the bytes as u64). The u64 result goes to out_addr.
 */
struct aicpu_checksum_args {
  uint64_t data_addr;         /* 0: device address of the bytes */
  uint64_t len;               /* 8: byte count (0 allowed) */
  uint64_t out_addr;          /* 16: device address of one u64 */
  struct aicpu_blocks blocks; /* 24: 0 at launch; the first block to claim computes */
};
static_assert(offsetof(struct aicpu_checksum_args, data_addr) == 0, "ChecksumArgs.data_addr");
static_assert(offsetof(struct aicpu_checksum_args, len) == 8, "ChecksumArgs.len");
static_assert(offsetof(struct aicpu_checksum_args, out_addr) == 16, "ChecksumArgs.out_addr");
static_assert(offsetof(struct aicpu_checksum_args, blocks) == 24, "ChecksumArgs.blocks");
static_assert(sizeof(struct aicpu_checksum_args) == 32, "ChecksumArgs size");

#endif /* AICPU_ABI_H */
