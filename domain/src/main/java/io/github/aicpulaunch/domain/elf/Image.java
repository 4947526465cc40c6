package io.github.aicpulaunch.domain.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A little-endian view of an ELF image whose every read is bounds-checked first. Offsets are {@code
 * long} and may come straight from untrusted 64-bit fields: a value at or above 2^63 is negative
 * here and is out of bounds like any other value past the end.
 *
 * <p>The bytes come either from one buffer holding the whole image or from a {@link Source} (a file
 * read with positional reads): then the image keeps a few small windows of it and reads a window
 * only when a byte in it is first asked for, so the parsers read a file the way they would touch
 * pages of a mapping, without a mapping. Every bounds check is against the image's full size and
 * happens before any read, whatever backs the image, so both kinds refuse the same input with the
 * same error. Not thread-safe: one parse at a time.
 */
final class Image {
  /** Where a source-backed image's bytes come from: typically a file read with positional reads. */
  @FunctionalInterface
  interface Source {
    /**
     * Reads exactly {@code dst.remaining()} bytes starting at image offset {@code offset}, a range
     * already checked to lie inside the image.
     */
    void readFully(long offset, ByteBuffer dst);
  }

  /** How many windows a source-backed image keeps; a symbol and its name can live in two. */
  static final int WINDOWS = 4;

  private final long size;
  private final @Nullable Source source;
  private final ByteBuffer[] windows;
  private final long[] bases;
  private final int[] lengths;
  private final int windowSize;
  private int victim;
  private ByteBuffer current;

  /** A view of {@code buffer}'s remaining bytes; offset 0 is its position. Does not copy. */
  Image(ByteBuffer buffer) {
    ByteBuffer whole = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    this.size = whole.limit();
    this.source = null;
    this.windows = new ByteBuffer[] {whole};
    this.bases = new long[] {0};
    this.lengths = new int[] {whole.limit()};
    this.windowSize = whole.limit();
    this.current = whole;
  }

  /**
   * An image of {@code size} bytes read from {@code source} on demand into the windows of {@code
   * windows}, which this image uses (and empties first) until it is dropped.
   */
  Image(long size, Source source, Windows windows) {
    this.size = size;
    this.source = source;
    this.windows = windows.buffers;
    this.bases = windows.bases;
    this.lengths = windows.lengths;
    this.windowSize = windows.size;
    Arrays.fill(lengths, 0);
    this.current = this.windows[0];
  }

  /**
   * {@link #WINDOWS} windows of one size carved from one buffer, with their bookkeeping: reusable
   * by one source-backed image at a time, so an image costs no buffer allocation.
   */
  static final class Windows {
    private final ByteBuffer[] buffers = new ByteBuffer[WINDOWS];
    private final long[] bases = new long[WINDOWS];
    private final int[] lengths = new int[WINDOWS];
    private final int size;

    /**
     * @param size at least 8 (the widest field); a power of two keeps aligned reads inside one file
     *     page
     */
    Windows(ByteBuffer scratch, int size) {
      if (size < 8 || scratch.capacity() < WINDOWS * size) {
        throw new IllegalArgumentException(
            "windows of " + size + " bytes do not fit " + scratch.capacity() + " bytes");
      }
      this.size = size;
      for (int i = 0; i < WINDOWS; i++) {
        buffers[i] =
            scratch
                .duplicate()
                .position(i * size)
                .limit((i + 1) * size)
                .slice()
                .order(ByteOrder.LITTLE_ENDIAN);
      }
    }
  }

  long size() {
    return size;
  }

  /** Whether {@code [offset, offset + length)} lies inside the image, without overflowing. */
  boolean contains(long offset, long length) {
    return offset >= 0 && length >= 0 && offset <= size && length <= size - offset;
  }

  int u8(long offset) {
    int at = at(offset, 1);
    return Byte.toUnsignedInt(current.get(at));
  }

  int u16(long offset) {
    int at = at(offset, 2);
    return Short.toUnsignedInt(current.getShort(at));
  }

  long u32(long offset) {
    int at = at(offset, 4);
    return Integer.toUnsignedLong(current.getInt(at));
  }

  /** A 64-bit field; values at or above 2^63 come back negative. */
  long u64(long offset) {
    int at = at(offset, 8);
    return current.getLong(at);
  }

  boolean startsWith(long offset, byte[] expected) {
    int at = at(offset, expected.length);
    for (int i = 0; i < expected.length; i++) {
      if (current.get(at + i) != expected[i]) {
        return false;
      }
    }
    return true;
  }

  byte[] copy(long offset, int length) {
    check(offset, length);
    byte[] out = new byte[length];
    Source from = source;
    if (from != null && length > windowSize) {
      from.readFully(offset, ByteBuffer.wrap(out));
      return out;
    }
    int at = at(offset, length);
    current.get(at, out);
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
      if (u8(i) == 0) {
        return new String(copy(offset, (int) (i - offset)), StandardCharsets.UTF_8);
      }
    }
    throw new ElfFormatException(what + " is not NUL-terminated inside its string table", offset);
  }

  /**
   * Checks {@code [offset, offset + length)} against the image, makes {@link #current} a window
   * holding it and returns the range's index in that window. {@code length} is at most the window
   * size.
   */
  private int at(long offset, int length) {
    check(offset, length);
    for (int i = 0; i < windows.length; i++) {
      long relative = offset - bases[i];
      if (relative >= 0 && relative <= lengths[i] - length) {
        current = windows[i];
        return (int) relative;
      }
    }
    return load(offset, length);
  }

  private int load(long offset, int length) {
    Source from = source;
    if (from == null) {
      throw new IllegalStateException("a whole-buffer image holds every offset it contains");
    }
    long start = offset - Math.floorMod(offset, (long) windowSize);
    if (offset + length > start + windowSize) {
      start = offset;
    }
    int read = (int) Math.min(windowSize, size - start);
    int slot = victim;
    victim = (victim + 1) % windows.length;
    ByteBuffer window = windows[slot];
    lengths[slot] = 0;
    from.readFully(start, window.clear().limit(read));
    bases[slot] = start;
    lengths[slot] = read;
    current = window;
    return (int) (offset - start);
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
