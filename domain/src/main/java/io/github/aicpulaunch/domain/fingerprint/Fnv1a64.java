package io.github.aicpulaunch.domain.fingerprint;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * 64-bit FNV-1a: offset basis {@code 0xcbf29ce484222325}, prime {@code 0x100000001b3}, for each
 * byte {@code h ^= byte; h *= prime}, no final step (PROTOCOL §5 step 4).
 */
public final class Fnv1a64 {
  public static final long OFFSET_BASIS = 0xcbf29ce484222325L;
  public static final long PRIME = 0x00000100000001b3L;

  private Fnv1a64() {}

  /**
   * Hashes the remaining bytes of {@code buffer} without moving its position. Reads 8 bytes at a
   * time and unrolls the byte steps, so a large mapped file costs one bounds check per 8 bytes; the
   * result equals the byte-by-byte definition.
   */
  public static long hash(ByteBuffer buffer) {
    return update(OFFSET_BASIS, buffer);
  }

  /**
   * Continues a hash whose value so far is {@code state} with the remaining bytes of {@code
   * buffer}, without moving its position: {@code update(update(OFFSET_BASIS, a), b)} is the hash of
   * {@code a} followed by {@code b}, so a file can be hashed one chunk at a time. A little-endian
   * buffer is read in place (no view is allocated per chunk).
   */
  public static long update(long state, ByteBuffer buffer) {
    ByteBuffer bytes =
        buffer.order() == ByteOrder.LITTLE_ENDIAN
            ? buffer
            : buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    long h = state;
    int i = bytes.position();
    int end = bytes.limit();
    for (int words = end - 7; i < words; i += 8) {
      long w = bytes.getLong(i);
      h = (h ^ (w & 0xff)) * PRIME;
      h = (h ^ ((w >>> 8) & 0xff)) * PRIME;
      h = (h ^ ((w >>> 16) & 0xff)) * PRIME;
      h = (h ^ ((w >>> 24) & 0xff)) * PRIME;
      h = (h ^ ((w >>> 32) & 0xff)) * PRIME;
      h = (h ^ ((w >>> 40) & 0xff)) * PRIME;
      h = (h ^ ((w >>> 48) & 0xff)) * PRIME;
      h = (h ^ (w >>> 56)) * PRIME;
    }
    for (; i < end; i++) {
      h = (h ^ Byte.toUnsignedLong(bytes.get(i))) * PRIME;
    }
    return h;
  }

  public static long hash(byte[] bytes) {
    return hash(ByteBuffer.wrap(bytes));
  }
}
