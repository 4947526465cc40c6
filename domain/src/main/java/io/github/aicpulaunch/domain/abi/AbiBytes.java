package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Little-endian field access at absolute indices, independent of a buffer's byte order and without
 * changing it, plus the range and string rules every layout shares. Allocation-free on the success
 * path, so {@code encodeInto} stays usable on per-launch paths.
 */
final class AbiBytes {
  static final long U16_MAX = 0xFFFFL;
  static final long U32_MAX = 0xFFFF_FFFFL;

  private AbiBytes() {}

  /**
   * Checks that {@code dst} can take a {@code size}-byte structure at its position, zeroes that
   * window, advances the position by {@code size} and returns where the window starts.
   */
  static int claim(ByteBuffer dst, int size, String struct) {
    if (dst.isReadOnly()) {
      throw new IllegalArgumentException(
          "cannot encode " + struct + " into a read-only buffer; pass a writable buffer");
    }
    int start = dst.position();
    if (dst.remaining() < size) {
      throw new IllegalArgumentException(
          struct
              + " needs "
              + size
              + " bytes but the destination has only "
              + dst.remaining()
              + " remaining at position "
              + start);
    }
    int i = start;
    int end = start + size;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      dst.putLong(i, 0L);
    }
    for (; i < end; i++) {
      dst.put(i, (byte) 0);
    }
    dst.position(end);
    return start;
  }

  /**
   * Checks that {@code src} holds a whole {@code size}-byte structure at its position and returns
   * that position. The caller advances the position once decoding has succeeded.
   */
  static int start(ByteBuffer src, int size, String struct) {
    if (src.remaining() < size) {
      throw new IllegalArgumentException(
          "cannot decode "
              + struct
              + ": it is "
              + size
              + " bytes but only "
              + src.remaining()
              + " remain at position "
              + src.position());
    }
    return src.position();
  }

  /**
   * A fresh little-endian heap buffer of {@code size} bytes filled by {@code writer} (an {@code
   * encodeInto}), returned at position 0 with limit {@code size}.
   */
  static ByteBuffer encode(int size, Consumer<ByteBuffer> writer) {
    ByteBuffer out = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    writer.accept(out);
    return out.clear();
  }

  /**
   * Decodes a {@code size}-byte structure at {@code src}'s position: {@code reader} gets the start
   * index and reads absolutely; the position advances by {@code size} only if it returns.
   */
  static <T> T decode(ByteBuffer src, int size, String struct, IntFunction<T> reader) {
    int at = start(src, size, struct);
    T value = reader.apply(at);
    src.position(at + size);
    return value;
  }

  private static boolean little(ByteBuffer b) {
    return b.order() == ByteOrder.LITTLE_ENDIAN;
  }

  static void putU8(ByteBuffer b, int index, int value) {
    b.put(index, (byte) value);
  }

  static void putU16(ByteBuffer b, int index, int value) {
    short v = (short) value;
    b.putShort(index, little(b) ? v : Short.reverseBytes(v));
  }

  static void putU32(ByteBuffer b, int index, long value) {
    int v = (int) value;
    b.putInt(index, little(b) ? v : Integer.reverseBytes(v));
  }

  static void putI32(ByteBuffer b, int index, int value) {
    b.putInt(index, little(b) ? value : Integer.reverseBytes(value));
  }

  static void putU64(ByteBuffer b, int index, long value) {
    b.putLong(index, little(b) ? value : Long.reverseBytes(value));
  }

  static void putBool(ByteBuffer b, int index, boolean value) {
    b.put(index, value ? (byte) 1 : (byte) 0);
  }

  static int getU16(ByteBuffer b, int index) {
    short v = b.getShort(index);
    return Short.toUnsignedInt(little(b) ? v : Short.reverseBytes(v));
  }

  static int getI32(ByteBuffer b, int index) {
    int v = b.getInt(index);
    return little(b) ? v : Integer.reverseBytes(v);
  }

  static long getU32(ByteBuffer b, int index) {
    return Integer.toUnsignedLong(getI32(b, index));
  }

  static long getU64(ByteBuffer b, int index) {
    long v = b.getLong(index);
    return little(b) ? v : Long.reverseBytes(v);
  }

  /** Reads a C {@code bool}; any byte other than 0 or 1 is not a value a C compiler writes. */
  static boolean getBool(ByteBuffer b, int index, String field) {
    int v = Byte.toUnsignedInt(b.get(index));
    if (v > 1) {
      throw new IllegalArgumentException(
          field + " holds byte 0x" + Integer.toHexString(v) + ", which is not a C bool (0 or 1)");
    }
    return v == 1;
  }

  /**
   * Writes an ASCII string validated by {@link #checkName} into a zeroed {@code char[]} field; the
   * NUL and the rest of the field are the zeroes {@link #claim} left.
   */
  static void putName(ByteBuffer b, int index, String value) {
    for (int i = 0; i < value.length(); i++) {
      b.put(index + i, (byte) value.charAt(i));
    }
  }

  /**
   * Reads a NUL-terminated string from a {@code char[fieldSize]} field. Bytes after the first NUL
   * are ignored (upstream's {@code strncpy}/{@code snprintf} leave them unspecified).
   */
  static String getName(ByteBuffer b, int index, int fieldSize, String field) {
    for (int len = 0; len < fieldSize; len++) {
      if (b.get(index + len) == 0) {
        char[] chars = new char[len];
        for (int i = 0; i < len; i++) {
          int c = Byte.toUnsignedInt(b.get(index + i));
          if (c > 0x7F) {
            throw new IllegalArgumentException(
                field
                    + " holds the non-ASCII byte 0x"
                    + Integer.toHexString(c)
                    + " at index "
                    + i
                    + "; names in this layout are ASCII");
          }
          chars[i] = (char) c;
        }
        return new String(chars);
      }
    }
    throw new IllegalArgumentException(
        field
            + " (char["
            + fieldSize
            + "]) has no NUL terminator in its "
            + fieldSize
            + " bytes; the buffer is not this structure or is corrupt");
  }

  /**
   * Refuses a name that does not fit a {@code char[fieldSize]} field with its NUL, or that the
   * device would read differently from what the caller meant (non-ASCII, embedded NUL). Never
   * truncates.
   */
  static String checkName(String field, String value, int fieldSize) {
    if (value.length() > fieldSize - 1) {
      throw new IllegalArgumentException(
          field
              + " is "
              + value.length()
              + " characters but its char["
              + fieldSize
              + "] field holds at most "
              + (fieldSize - 1)
              + " plus the NUL terminator; use a shorter name");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == 0 || c > 0x7F) {
        throw new IllegalArgumentException(
            field
                + " has "
                + (c == 0 ? "an embedded NUL" : "the non-ASCII character U+" + hex4(c))
                + " at index "
                + i
                + "; names must be ASCII without NUL");
      }
    }
    return value;
  }

  private static String hex4(char c) {
    String h = Integer.toHexString(c).toUpperCase(Locale.ROOT);
    return "0000".substring(h.length()) + h;
  }

  /** Refuses a negative value for an unsigned C field that Java holds in a signed type. */
  static void checkNonNegative(String field, long value, String cType) {
    if (value < 0) {
      throw new IllegalArgumentException(
          field + " is " + value + " but the C field is " + cType + "; it cannot be negative");
    }
  }

  /** Refuses a value outside {@code 0..max} for a C field of type {@code cType}. */
  static void checkUnsigned(String field, long value, long max, String cType) {
    if (value < 0 || value > max) {
      throw new IllegalArgumentException(
          field + " is " + value + " but the C field is " + cType + " (0.." + max + ")");
    }
  }
}
