/*
 * Writes the committed seed corpora into the directory given as argv[1] (src/test/fuzz):
 * corpus/ for fuzz_dispatcher, small synthetic ELF64 images (the layout of src/test/c/test_util.h)
 * behind headers that reach each branch of Init and Server, and corpus_fingerprint/ for
 * fuzz_fingerprint, the bare images. Deterministic; see docs/RELIABILITY.md "Fuzzing".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz_input.h"
#include "test_util.h"

static void emit(const char *dir, const char *name, const struct fuzz_header *h,
                 const unsigned char *so, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || fwrite(h, sizeof *h, 1, f) != 1 || (len > 0 && fwrite(so, len, 1, f) != 1)) {
    perror(path);
    exit(2);
  }
  fclose(f);
}

static void emit_raw(const char *dir, const char *name, const unsigned char *bytes, size_t len) {
  char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  if (f == NULL || (len > 0 && fwrite(bytes, len, 1, f) != 1)) {
    perror(path);
    exit(2);
  }
  fclose(f);
}

static void make_dir(char *out, size_t cap, const char *parent, const char *name) {
  snprintf(out, cap, "%s/%s", parent, name);
  if (mkdir(out, 0755) != 0 && errno != EEXIST) {
    perror(out);
    exit(2);
  }
}

static struct fuzz_header header(uint8_t flags, uint8_t plant, uint8_t server, const char *entry) {
  struct fuzz_header h;
  memset(&h, 0, sizeof h);
  h.flags = flags;
  h.plant = plant;
  h.server_flags = server;
  h.payload_fill = 0x2a;
  h.size_raw = 96;
  h.payload_len = 32;
  snprintf(h.entry, sizeof h.entry, "%s", entry);
  return h;
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s DIR (writes DIR/corpus and DIR/corpus_fingerprint)\n", argv[0]);
    return 2;
  }
  char dir[400];
  char fp_dir[400];
  make_dir(dir, sizeof dir, argv[1], "corpus");
  make_dir(fp_dir, sizeof fp_dir, argv[1], "corpus_fingerprint");
  static const unsigned char id[20] = {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19,
                                       0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23};
  unsigned char so[256];
  unsigned char plain[192];
  unsigned char wrong[192];
  unsigned char exe[192];
  test_make_elf(so, sizeof so, 3, TEST_MACHINE, id, sizeof id, 0x5a);
  test_make_elf(plain, sizeof plain, 3, TEST_MACHINE, NULL, 0, 0x00);
  test_make_elf(wrong, sizeof wrong, 3, TEST_OTHER_MACHINE, id, sizeof id, 0x00);
  test_make_elf(exe, sizeof exe, 2, TEST_MACHINE, id, sizeof id, 0x00);

  unsigned char short_id[192];
  test_make_elf(short_id, sizeof short_id, 3, TEST_MACHINE, id, 4, 0x00);
  /*
   * A 12-byte note with n_namesz 0xFFFFFFFF, then the Build-ID note: the 32-bit padding wraps to
   * 0, so the walk reaches the Build-ID; padding without the wrap would stop and fall back to FNV.
   */
  unsigned char wraps[256];
  test_make_elf(wraps, sizeof wraps, 3, TEST_MACHINE, NULL, 0, 0x00);
  test_put64(wraps + 64 + 32, 48); /* p_filesz */
  test_put64(wraps + 64 + 40, 48); /* p_memsz */
  test_put32(wraps + 120, 0xffffffffu);
  test_put32(wraps + 132, 4);
  test_put32(wraps + 136, sizeof id);
  test_put32(wraps + 140, 3);
  memcpy(wraps + 144, "GNU", 4);
  memcpy(wraps + 148, id, sizeof id);
  emit_raw(fp_dir, "build_id", so, sizeof so);
  emit_raw(fp_dir, "no_build_id", plain, sizeof plain);
  emit_raw(fp_dir, "build_id_other_machine", wrong, sizeof wrong);
  emit_raw(fp_dir, "build_id_executable", exe, sizeof exe);
  emit_raw(fp_dir, "build_id_too_short", short_id, sizeof short_id);
  emit_raw(fp_dir, "note_namesz_wraps", wraps, sizeof wraps);
  emit_raw(fp_dir, "header_only_40_bytes", so, 40);
  emit_raw(fp_dir, "not_an_elf", (const unsigned char *)"not-an-elf-binary", 17);

  struct fuzz_header h = header(0, FUZZ_PLANT_NONE, 0, "");
  emit(dir, "init_publish_build_id", &h, so, sizeof so);
  emit(dir, "init_publish_fnv", &h, plain, sizeof plain);
  h.device_id = 7;
  emit(dir, "init_publish_device_7", &h, so, sizeof so);
  emit(dir, "init_wrong_machine", &h, wrong, sizeof wrong);
  emit(dir, "init_not_shared_object", &h, exe, sizeof exe);
  emit(dir, "init_truncated_header", &h, so, 40);
  emit(dir, "init_empty", &h, so, 0);
  for (int p = FUZZ_PLANT_STALE; p < FUZZ_PLANT_KINDS; ++p) {
    static const char *const names[] = {"", "init_replaces_stale", "init_keeps_identical",
                                        "init_refuses_symlink", "init_refuses_directory"};
    h = header(0, (uint8_t)p, 0, "");
    emit(dir, names[p], &h, so, sizeof so);
  }
  h = header(FUZZ_ARGS_NULL, 0, 0, "");
  emit(dir, "init_args_null", &h, so, sizeof so);
  h = header(FUZZ_DEVICE_ARGS_NULL, 0, 0, "");
  emit(dir, "init_device_args_null", &h, so, sizeof so);
  h = header(FUZZ_INNER_NULL, 0, 0, "");
  emit(dir, "init_inner_null", &h, so, sizeof so);
  h = header(FUZZ_INNER_HUGE, 0, 0, "");
  h.huge_extra = 12345;
  emit(dir, "init_inner_too_large", &h, so, sizeof so);

  h = header(FUZZ_CALL_SERVER, 0, 0, "simpler_aicpu_exec");
  emit(dir, "server_forwards_exec", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "simpler_aicpu_init");
  emit(dir, "server_forwards_init", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "free");
  emit(dir, "server_refuses_libc_function", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "fuzz_runtime_data");
  emit(dir, "server_refuses_data_symbol", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_OTHER_DEVICE, "simpler_aicpu_exec");
  emit(dir, "server_other_device", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_FP_RAW, "simpler_aicpu_exec");
  h.fp_raw = 0x0123456789abcdefULL;
  emit(dir, "server_unknown_fingerprint", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_MAGIC_ZERO, "simpler_aicpu_exec");
  emit(dir, "server_no_request", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_MAGIC_RAW, "simpler_aicpu_exec");
  h.magic_raw = 0x32505344u;
  emit(dir, "server_bad_magic", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_SIZE_RAW, "simpler_aicpu_exec");
  h.size_raw = 88;
  emit(dir, "server_bad_size", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_REQUEST_NULL, "simpler_aicpu_exec");
  emit(dir, "server_request_null", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "simpler_aicpu_exec");
  h.request_reserved = 1;
  emit(dir, "server_reserved", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "9starts_with_digit");
  emit(dir, "server_bad_entry", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "simpler_aicpu_exec");
  memset(h.entry, 'a', sizeof h.entry);
  emit(dir, "server_entry_unterminated", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, 0, "simpler_aicpu_exec");
  h.payload_len = 65537;
  emit(dir, "server_payload_too_large", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER, 0, FUZZ_PAYLOAD_NULL, "simpler_aicpu_exec");
  emit(dir, "server_payload_null", &h, so, sizeof so);
  h = header(FUZZ_CALL_SERVER | FUZZ_SKIP_INIT, 0, 0, "simpler_aicpu_exec");
  emit(dir, "server_without_init", &h, so, sizeof so);
  return 0;
}
