package io.github.aicpulaunch.domain.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;

/** The descriptor bytes of a GNU Build-ID note (at least 8 bytes). Immutable. */
public final class BuildId {
  private final byte[] bytes;

  /**
   * @throws IllegalArgumentException if {@code bytes} has fewer than 8 bytes
   */
  public BuildId(byte[] bytes) {
    if (bytes.length < BuildIdNotes.MIN_DESCRIPTOR) {
      throw new IllegalArgumentException(
          "a Build-ID used for fingerprints has at least 8 bytes, got " + bytes.length);
    }
    this.bytes = bytes.clone();
  }

  /** A copy of the descriptor bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int length() {
    return bytes.length;
  }

  /** Lower-case hex of all bytes, in file order (what {@code readelf -n} prints). */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  /** The first 8 bytes read little-endian: the fingerprint value of PROTOCOL §5. */
  public long leadingWord() {
    return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BuildId && Arrays.equals(bytes, ((BuildId) other).bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
