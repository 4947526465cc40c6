#!/usr/bin/env python3
"""Computes the expected values of vectors.json from the text of PROTOCOL section 5.

An implementation independent of the Java domain and of the C dispatcher, written from the
rule's wording (and upstream's arithmetic it quotes), with Python's unbounded integers so no sum
can wrap. Prints one line per vector (list, name, source, value) and exits 1 if a value or source
differs from what vectors.json says.

    python3 testdata/fingerprint/expected.py [path/to/vectors.json]
"""
import json
import pathlib
import struct
import sys

FNV_OFFSET = 0xCBF29CE484222325
FNV_PRIME = 0x100000001B3
MASK64 = (1 << 64) - 1


def fnv1a64(data: bytes) -> int:
    h = FNV_OFFSET
    for byte in data:
        h = ((h ^ byte) * FNV_PRIME) & MASK64
    return h


def pad4_u32(n: int) -> int:
    """Upstream's (n + 3u) & ~3u on a 32-bit unsigned field: sizes >= 0xFFFFFFFD pad to 0."""
    return ((n + 3) & ~3) & 0xFFFFFFFF


def inside(data: bytes, offset: int, size: int) -> bool:
    """[offset, offset + size) lies in data; exact integers, so a 64-bit sum never wraps."""
    return offset + size <= len(data)


def build_id(data: bytes):
    """Steps 1-3: the first 8 descriptor bytes little-endian, or None for the FNV fallback."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2:
        return None
    # Fields are read little-endian whatever EI_DATA says: the device copies the header as is.
    phoff, = struct.unpack_from("<Q", data, 32)
    phentsize, phnum = struct.unpack_from("<HH", data, 54)
    if phoff == 0 or phentsize < 56 or not inside(data, phoff, phnum * phentsize):
        return None
    for i in range(phnum):
        phdr = phoff + i * phentsize
        p_type, = struct.unpack_from("<I", data, phdr)
        p_offset, = struct.unpack_from("<Q", data, phdr + 8)
        p_filesz, = struct.unpack_from("<Q", data, phdr + 32)
        if p_type != 4 or not inside(data, p_offset, p_filesz):
            continue  # not PT_NOTE, or the segment does not lie inside the buffer
        end = p_offset + p_filesz
        note = p_offset
        while note + 12 <= end:
            namesz, descsz, n_type = struct.unpack_from("<III", data, note)
            name = note + 12
            desc = name + pad4_u32(namesz)
            following = desc + pad4_u32(descsz)
            if following > end:
                break  # the note would run past the segment: stop walking this segment
            if (n_type == 3 and namesz == 4 and data[name:name + 4] == b"GNU\0"
                    and descsz >= 8 and inside(data, desc, 8)):
                # inside(): a descsz padded to 0 may put the 8 bytes past the buffer, where
                # upstream's read is undefined; such a note does not qualify.
                return struct.unpack_from("<Q", data, desc)[0]
            note = following
    return None


def fingerprint(data: bytes):
    word = build_id(data)
    if word is not None:
        return "BUILD_ID", word
    return "FNV1A_64", fnv1a64(data)


def input_bytes(vector) -> bytes:
    if "ascii" in vector:
        return vector["ascii"].encode("ascii")
    return bytes.fromhex("".join("".join(part.split()) for part in vector["hex"]))


def main() -> int:
    default = pathlib.Path(__file__).with_name("vectors.json")
    path = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else default
    vectors = json.loads(path.read_text(encoding="utf-8"))
    mismatches = 0
    for vector in vectors["fnv1a64"]:
        value = "%016x" % fnv1a64(input_bytes(vector))
        ok = value == vector["expected"]
        mismatches += not ok
        print("fnv1a64     %-45s %s%s" % (vector["name"], value, "" if ok else "  MISMATCH"))
    for vector in vectors["fingerprint"]:
        source, word = fingerprint(input_bytes(vector))
        value = "%016x" % word
        ok = value == vector["expected"] and source == vector["source"]
        mismatches += not ok
        print("fingerprint %-45s %-8s %s%s"
              % (vector["name"], source, value, "" if ok else "  MISMATCH"))
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
