package io.github.aicpulaunch.domain.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A little-endian view of an ELF image whose every read is bounds-checked first. Offsets are {@code
 * long} and may come straight from untrusted 64-bit fields: a value at or above 2^63 is negative
 * here and is out of bounds like any other value past the end.
 */
final class Image {
  private final ByteBuffer bytes;
  private final long size;

  /** A view of {@code buffer}'s remaining bytes; offset 0 is its position. Does not copy. */
  Image(ByteBuffer buffer) {
    this.bytes = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.size = bytes.limit();
  }

  long size() {
    return size;
  }

  /** Whether {@code [offset, offset + length)} lies inside the image, without overflowing. */
  boolean contains(long offset, long length) {
    return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
  }

  int u8(long offset) {
    check(offset, 1);
    return Byte.toUnsignedInt(bytes.get((int) offset));
  }

  int u16(long offset) {
    check(offset, 2);
    return Short.toUnsignedInt(bytes.getShort((int) offset));
  }

  long u32(long offset) {
    check(offset, 4);
    return Integer.toUnsignedLong(bytes.getInt((int) offset));
  }

  /** A 64-bit field; values at or above 2^63 come back negative. */
  long u64(long offset) {
    check(offset, 8);
    return bytes.getLong((int) offset);
  }

  boolean startsWith(long offset, byte[] expected) {
    check(offset, expected.length);
    for (int i = 0; i < expected.length; i++) {
      if (bytes.get((int) offset + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  byte[] copy(long offset, int length) {
    check(offset, length);
    byte[] out = new byte[length];
    bytes.get((int) offset, out);
    return out;
  }

  /**
   * The NUL-terminated string at {@code offset}, which must end before {@code end}.
   *
   * @throws ElfFormatException naming {@code what} if no NUL comes before {@code end}
   */
  String cString(long offset, long end, String what) {
    check(offset, end - offset);
    for (long i = offset; i < end; i++) {
      if (bytes.get((int) i) == 0) {
        return new String(copy(offset, (int) (i - offset)), StandardCharsets.UTF_8);
      }
    }
    throw new ElfFormatException(what + " is not NUL-terminated inside its string table", offset);
  }

  private void check(long offset, long length) {
    if (!contains(offset, length)) {
      throw new ElfFormatException(
          "reading "
              + length
              + " bytes at offset "
              + Long.toUnsignedString(offset)
              + " runs past the end of the "
              + size
              + "-byte image",
          offset);
    }
  }
}
