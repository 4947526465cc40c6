/*
 * How fuzz_dispatcher.c reads a fuzz input: a fixed little-endian header, then the runtime SO
 * bytes handed to Init. Shared with fuzz_seeds.c, which writes the committed corpus.
 */
#ifndef AICPU_FUZZ_INPUT_H
#define AICPU_FUZZ_INPUT_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

/* flags */
#define FUZZ_ARGS_NULL 0x01u        /* Init(NULL) */
#define FUZZ_DEVICE_ARGS_NULL 0x02u /* the pointer at args+40 is 0 */
#define FUZZ_INNER_NULL 0x04u       /* inner_so_bin = 0 (the length stays) */
#define FUZZ_INNER_HUGE 0x08u       /* inner_so_len = 256 MiB + 1 + huge_extra: never read */
#define FUZZ_CALL_SERVER 0x10u      /* after Init, a dispatch-through request */
#define FUZZ_SKIP_INIT 0x20u        /* no Init: the request finds no runtime */

/* plant: what is at the final name before Init */
enum fuzz_plant {
  FUZZ_PLANT_NONE = 0,
  FUZZ_PLANT_STALE = 1,     /* a regular file with other bytes */
  FUZZ_PLANT_IDENTICAL = 2, /* a regular file with the same bytes */
  FUZZ_PLANT_SYMLINK = 3,   /* a symbolic link to a file outside the directory */
  FUZZ_PLANT_DIRECTORY = 4, /* a directory */
  FUZZ_PLANT_KINDS = 5
};

/* server_flags */
#define FUZZ_MAGIC_ZERO 0x01u       /* request_magic = 0 (no request) */
#define FUZZ_MAGIC_RAW 0x02u        /* request_magic = magic_raw (else DSP1) */
#define FUZZ_SIZE_RAW 0x04u         /* request_size = size_raw (else 96) */
#define FUZZ_REQUEST_NULL 0x08u     /* request_addr = 0 */
#define FUZZ_FP_RAW 0x10u           /* fingerprint = fp_raw (else the published one) */
#define FUZZ_PAYLOAD_NULL 0x20u     /* payload_addr = 0 */
#define FUZZ_OTHER_DEVICE 0x40u     /* the request names device_id + 1 */

struct fuzz_header {
  uint8_t flags;
  uint8_t plant;
  uint8_t server_flags;
  uint8_t payload_fill;
  uint32_t magic_raw;
  uint32_t size_raw;
  uint32_t huge_extra;
  uint64_t device_id;
  uint64_t device_request_reserved;
  uint64_t fp_raw;
  uint64_t payload_len;
  uint64_t request_reserved;
  char entry[64];
};
static_assert(offsetof(struct fuzz_header, magic_raw) == 4, "magic_raw");
static_assert(offsetof(struct fuzz_header, device_id) == 16, "device_id");
static_assert(offsetof(struct fuzz_header, entry) == 56, "entry");
static_assert(sizeof(struct fuzz_header) == 120, "fuzz_header size");

#endif
