/*
 * Public contract of libaicpu_dispatcher.so: its three exports (the symbols CANN's KFC library
 * resolves), its return codes and its bounds. docs/ABI.md ("## Dispatcher") documents the same.
 */
#ifndef AICPU_DISPATCHER_H
#define AICPU_DISPATCHER_H

#include <stdint.h>

/* Largest runtime SO the dispatcher publishes: 256 MiB. */
#define AICPU_MAX_RUNTIME_SO_BYTES (256ull * 1024ull * 1024ull)

/* How many runtime SOs (fingerprint, device) one dispatcher instance records (and opens). */
#define AICPU_DISPATCH_MAX_RUNTIMES 64u

/*
 * Return codes. 0 is success. Every dispatcher failure is 0x4453xxxx ("DS" in the top bytes) so it
 * cannot be mistaken for a forwarded entry's own result; any other non-zero value returned by the
 * server entry is the runtime entry's result, passed through unchanged.
 */
#define AICPU_DISPATCH_OK 0u
#define AICPU_DISPATCH_CODE_BASE 0x44530000u
enum aicpu_dispatch_code {
  /* Init (upload) */
  AICPU_E_ARGS_NULL = AICPU_DISPATCH_CODE_BASE + 0x01,         /* args == NULL */
  AICPU_E_DEVICE_ARGS_NULL = AICPU_DISPATCH_CODE_BASE + 0x02,  /* pointer at args+40 is 0 */
  AICPU_E_INNER_NULL = AICPU_DISPATCH_CODE_BASE + 0x03,        /* inner_so_bin == 0 */
  AICPU_E_INNER_EMPTY = AICPU_DISPATCH_CODE_BASE + 0x04,       /* inner_so_len == 0 */
  AICPU_E_INNER_TOO_LARGE = AICPU_DISPATCH_CODE_BASE + 0x05,   /* > AICPU_MAX_RUNTIME_SO_BYTES */
  AICPU_E_NOT_ELF64_SO = AICPU_DISPATCH_CODE_BASE + 0x06,      /* not an ELF64 LE ET_DYN image */
  AICPU_E_WRONG_MACHINE = AICPU_DISPATCH_CODE_BASE + 0x07,     /* e_machine != dispatcher's */
  AICPU_E_PATH_TOO_LONG = AICPU_DISPATCH_CODE_BASE + 0x08,     /* directory + name > PATH_MAX */
  AICPU_E_DIR_OPEN = AICPU_DISPATCH_CODE_BASE + 0x09,          /* preinstall dir not openable */
  AICPU_E_FINAL_NOT_REGULAR = AICPU_DISPATCH_CODE_BASE + 0x0a, /* final name: symlink/non-file */
  AICPU_E_EXISTING_READ = AICPU_DISPATCH_CODE_BASE + 0x0b,     /* existing final file unreadable */
  AICPU_E_TMP_CREATE = AICPU_DISPATCH_CODE_BASE + 0x0c,        /* temporary file not creatable */
  AICPU_E_WRITE = AICPU_DISPATCH_CODE_BASE + 0x0d,             /* write failed (ENOSPC, EIO..) */
  AICPU_E_FSYNC = AICPU_DISPATCH_CODE_BASE + 0x0e,             /* fsync of the file failed */
  AICPU_E_CHMOD = AICPU_DISPATCH_CODE_BASE + 0x0f,             /* fchmod 0755 failed */
  AICPU_E_CLOSE = AICPU_DISPATCH_CODE_BASE + 0x10,             /* close reported an error */
  AICPU_E_RENAME = AICPU_DISPATCH_CODE_BASE + 0x11,            /* rename onto final name failed */
  AICPU_E_FSYNC_DIR = AICPU_DISPATCH_CODE_BASE + 0x12,         /* file in place, dir fsync failed */
  AICPU_E_RUNTIME_OPEN = AICPU_DISPATCH_CODE_BASE + 0x13,      /* Server: the runtime's dlopen failed */
  AICPU_E_RUNTIME_TABLE_FULL = AICPU_DISPATCH_CODE_BASE + 0x14, /* published, table is full */
  /* Server (dispatch-through) */
  AICPU_E_REQUEST_MAGIC = AICPU_DISPATCH_CODE_BASE + 0x21,     /* magic neither 0 nor DSP1 */
  AICPU_E_REQUEST_SIZE = AICPU_DISPATCH_CODE_BASE + 0x22,      /* request_size != 96 */
  AICPU_E_REQUEST_NULL = AICPU_DISPATCH_CODE_BASE + 0x23,      /* request_addr == 0 */
  AICPU_E_REQUEST_RESERVED = AICPU_DISPATCH_CODE_BASE + 0x24,  /* reserved field / unknown flag */
  AICPU_E_ENTRY_NAME = AICPU_DISPATCH_CODE_BASE + 0x25,        /* entry empty/unterminated/bad */
  AICPU_E_PAYLOAD = AICPU_DISPATCH_CODE_BASE + 0x26,           /* payload addr 0 or bad length */
  AICPU_E_UNKNOWN_FINGERPRINT = AICPU_DISPATCH_CODE_BASE + 0x27, /* (fp, device) not open here */
  AICPU_E_UNKNOWN_ENTRY = AICPU_DISPATCH_CODE_BASE + 0x28,     /* runtime exports no such function */
};

/* The three exports CANN's KFC library resolves (PROTOCOL §6). */
#define AICPU_EXPORT __attribute__((visibility("default")))
AICPU_EXPORT int StaticTileFwkBackendKernelServer(void *args);
AICPU_EXPORT uint32_t DynTileFwkBackendKernelServerInit(void *args);
AICPU_EXPORT uint32_t DynTileFwkBackendKernelServer(void *args);

#endif /* AICPU_DISPATCHER_H */
