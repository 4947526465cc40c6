/*
 * libFuzzer differential target for include/fingerprint.h, the device's fingerprint (PROTOCOL §5).
 * Under ASan and UBSan, aicpu_fingerprint must read nothing outside the buffer and hit no undefined
 * behaviour for any bytes, and it must equal reference_fingerprint below: a literal reading of
 * PROTOCOL §5 that shares no code with the header and does every offset sum in 128 bits, so
 * nothing wraps and "inside the buffer" is the plain statement. The Java domain is checked against
 * its own transcription of the same text (domain FingerprintFuzzTest).
 *
 * As in the protocol's source, a note's 32-bit n_namesz/n_descsz is padded with (n + 3u) & ~3u in
 * 32-bit arithmetic, so 0xFFFFFFFD and above pad to 0.
 */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fingerprint.h"

typedef unsigned __int128 u128;

static u128 le(const uint8_t *p, int width) {
  u128 v = 0;
  for (int i = width - 1; i >= 0; --i) v = (v << 8) | p[i];
  return v;
}

static u128 pad32(u128 n) { return (uint32_t)((uint32_t)n + 3u) & ~(uint32_t)3u; }

static int reference_build_id(const uint8_t *b, size_t len, uint64_t *out) {
  if (len < 64) return 0;
  if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2) return 0;
  const u128 phoff = le(b + 32, 8);
  const u128 phentsize = le(b + 54, 2);
  const u128 phnum = le(b + 56, 2);
  if (phoff == 0 || phentsize < 56) return 0;
  if (phoff + phnum * phentsize > len) return 0;
  for (u128 i = 0; i < phnum; ++i) {
    const size_t ph = (size_t)(phoff + i * phentsize);
    if (le(b + ph, 4) != 4) continue; /* PT_NOTE */
    const u128 end = le(b + ph + 8, 8) + le(b + ph + 32, 8);
    if (end > len) continue;
    for (u128 note = le(b + ph + 8, 8); end - note >= 12;) {
      const u128 namesz = le(b + note, 4);
      const u128 descsz = le(b + note + 4, 4);
      const u128 type = le(b + note + 8, 4);
      const u128 desc = note + 12 + pad32(namesz);
      const u128 next = desc + pad32(descsz);
      if (next > end) break;
      if (type == 3 && namesz == 4 && memcmp(b + note + 12, "GNU", 4) == 0 && descsz >= 8 &&
          desc + 8 <= len) {
        *out = (uint64_t)le(b + desc, 8);
        return 1;
      }
      note = next;
    }
  }
  return 0;
}

static uint64_t reference_fingerprint(const uint8_t *b, size_t len) {
  uint64_t id;
  if (reference_build_id(b, len, &id)) return id;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < len; ++i) h = (h ^ b[i]) * 0x00000100000001b3ULL;
  return h;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const uint64_t got = aicpu_fingerprint(data, size);
  const uint64_t want = reference_fingerprint(data, size);
  if (got != want) {
    fprintf(stderr, "fuzz_fingerprint: aicpu_fingerprint %016" PRIx64 ", reference %016" PRIx64
            " (%zu bytes)\n", got, want, size);
    abort();
  }
  return 0;
}
