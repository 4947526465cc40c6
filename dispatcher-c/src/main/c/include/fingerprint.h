/*
 * Runtime SO fingerprint, PROTOCOL §5: the first 8 bytes of the ELF64 GNU Build-ID read
 * little-endian, else FNV-1a 64 over the whole buffer. The Java domain implements the same rule;
 * both are checked against testdata/fingerprint/vectors.json. Header-only so the dispatcher and
 * the tests share one definition.
 *
 * Every field is read with explicit little-endian loads and every bound is checked without
 * overflow. For every input on which upstream's elf_build_id_64 is defined the result equals
 * it, including its 32-bit wrap when padding a note's name/descriptor size; where upstream would
 * wrap a 64-bit sum or read outside the buffer, the rule of aicpu_build_id_64 below applies (the
 * Java domain's BuildIdNotes has the same).
 */
#ifndef AICPU_FINGERPRINT_H
#define AICPU_FINGERPRINT_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define AICPU_FNV1A64_OFFSET 0xcbf29ce484222325ULL
#define AICPU_FNV1A64_PRIME 0x00000100000001b3ULL

static inline uint64_t aicpu_fnv1a64(const void *data, size_t len) {
  const unsigned char *p = (const unsigned char *)data;
  uint64_t h = AICPU_FNV1A64_OFFSET;
  for (size_t i = 0; i < len; ++i) {
    h ^= p[i];
    h *= AICPU_FNV1A64_PRIME;
  }
  return h;
}

static inline uint64_t aicpu_le_u64(const unsigned char *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; --i) {
    v = (v << 8) | p[i];
  }
  return v;
}

static inline uint32_t aicpu_le_u32(const unsigned char *p) {
  return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static inline uint16_t aicpu_le_u16(const unsigned char *p) {
  return (uint16_t)(p[0] | (p[1] << 8));
}

/*
 * Looks for the GNU Build-ID note in one PT_NOTE segment [off, off+size) of a len-byte image, the
 * caller having checked off + size <= len without overflow. Returns 1 and the descriptor's first
 * 8 bytes read little-endian if found.
 */
static inline int aicpu_find_build_id_note(const unsigned char *base, size_t len, uint64_t off,
                                           uint64_t size, uint64_t *out) {
  const uint64_t end = off + size;
  uint64_t note = off;
  while (end - note >= 12u) {
    const uint32_t namesz = aicpu_le_u32(base + note);
    const uint32_t descsz = aicpu_le_u32(base + note + 4);
    const uint32_t type = aicpu_le_u32(base + note + 8);
    /*
     * Padding in 32 bits, as upstream's (n + 3u) & ~3u on a 32-bit field: a size of 0xFFFFFFFD or
     * more pads to 0 and the walk goes on from there.
     */
    const uint64_t name_aligned = (uint32_t)(namesz + 3u) & ~3u;
    const uint64_t desc_aligned = (uint32_t)(descsz + 3u) & ~3u;
    const uint64_t name = note + 12u;
    if (name_aligned > end - name || desc_aligned > end - name - name_aligned) {
      return 0; /* the next note would run past the segment: stop walking this segment */
    }
    const uint64_t desc = name + name_aligned;
    /*
     * A descriptor size padded to 0 can leave the 8 bytes past the image; upstream would read
     * outside its buffer there, so such a note does not qualify and the walk goes on.
     */
    if (type == 3u /* NT_GNU_BUILD_ID */ && namesz == 4u && memcmp(base + name, "GNU", 4) == 0 &&
        descsz >= 8u && desc <= len && len - desc >= 8u) {
      *out = aicpu_le_u64(base + desc);
      return 1;
    }
    note = desc + desc_aligned;
  }
  return 0;
}

/*
 * PROTOCOL §5 steps 1-3: returns 1 and the first 8 Build-ID bytes read little-endian when the
 * program headers lead to a qualifying GNU Build-ID note, 0 when the rule falls back to FNV-1a.
 * Sums that would wrap around 2^64 count as past the end: a program header table beyond the image
 * falls back, a PT_NOTE segment beyond it is skipped.
 */
static inline int aicpu_build_id_64(const void *data, size_t len, uint64_t *out) {
  const unsigned char *b = (const unsigned char *)data;
  if (b == NULL || len < 64u) {
    return 0;
  }
  if (b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2 /* ELFCLASS64 */) {
    return 0;
  }
  const uint64_t phoff = aicpu_le_u64(b + 32);
  const uint16_t phentsize = aicpu_le_u16(b + 54);
  const uint16_t phnum = aicpu_le_u16(b + 56);
  if (phoff == 0 || phentsize < 56u) {
    return 0;
  }
  const uint64_t table = (uint64_t)phnum * phentsize;
  if (phoff > len || table > len - phoff) {
    return 0;
  }
  for (uint64_t i = 0; i < phnum; ++i) {
    const unsigned char *ph = b + phoff + i * phentsize;
    if (aicpu_le_u32(ph) != 4u /* PT_NOTE */) {
      continue;
    }
    const uint64_t off = aicpu_le_u64(ph + 8);
    const uint64_t filesz = aicpu_le_u64(ph + 32);
    if (off > len || filesz > len - off) {
      continue; /* the segment lies beyond the buffer */
    }
    if (aicpu_find_build_id_note(b, len, off, filesz, out)) {
      return 1;
    }
  }
  return 0;
}

/* The fingerprint of a runtime SO image of len bytes (data may be NULL only when len is 0). */
static inline uint64_t aicpu_fingerprint(const void *data, size_t len) {
  uint64_t id;
  return aicpu_build_id_64(data, len, &id) ? id : aicpu_fnv1a64(data, len);
}

#endif /* AICPU_FINGERPRINT_H */
