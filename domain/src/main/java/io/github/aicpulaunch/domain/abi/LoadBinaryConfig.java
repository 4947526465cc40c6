package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * CANN's {@code rtLoadBinaryConfig_t} (PROTOCOL 2.7), the optional configuration of {@code
 * rtsBinaryLoadFromFile}: a pointer to an array of {@link LoadBinaryOption} and its length.
 *
 * @param optionsPtr {@code options}: host address of the first {@code rtLoadBinaryOption_t}
 * @param numOpt {@code numOpt} ({@code size_t}): number of options, not negative
 */
public record LoadBinaryConfig(long optionsPtr, long numOpt) {
  public static final int SIZE = 16;
  public static final int OFFSET_OPTIONS = 0;
  public static final int OFFSET_NUM_OPT = 8;

  private static final String NAME = "LoadBinaryConfig";

  public LoadBinaryConfig {
    AbiBytes.checkNonNegative(NAME + ".numOpt", numOpt, "size_t");
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} bytes, position 0, limit SIZE. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /**
   * Writes the {@link #SIZE} bytes at {@code dst}'s position and advances it by SIZE (see the
   * package documentation for the buffer contract). Allocation-free.
   */
  public void encodeInto(ByteBuffer dst) {
    int at = AbiBytes.claim(dst, SIZE, NAME);
    AbiBytes.putU64(dst, at + OFFSET_OPTIONS, optionsPtr);
    AbiBytes.putU64(dst, at + OFFSET_NUM_OPT, numOpt);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position. */
  public static LoadBinaryConfig decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new LoadBinaryConfig(
                AbiBytes.getU64(src, at + OFFSET_OPTIONS),
                AbiBytes.getU64(src, at + OFFSET_NUM_OPT)));
  }
}
