package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * CANN's {@code rtLoadBinaryOption_t} (PROTOCOL 2.7): a 4-byte {@code rtLoadBinaryOption} id and a
 * 16-byte value union of which only the first 32-bit member is used ({@code isLazyLoad}, {@code
 * magic} or {@code cpuKernelMode}); the other 12 bytes stay zero. Arrays of options have a stride
 * of {@link #SIZE} (4-byte alignment), so consecutive {@link #encodeInto} calls build one.
 *
 * @param optionId {@link #OPT_LAZY_LOAD}, {@link #OPT_MAGIC} or {@link #OPT_CPU_KERNEL_MODE}
 * @param value the first 32 bits of the value union (for {@code cpuKernelMode}: 0 = JSON only, 1 =
 *     CPU SO + JSON, 2 = load from data)
 */
public record LoadBinaryOption(int optionId, int value) {
  public static final int SIZE = 20;
  public static final int OFFSET_OPTION_ID = 0;
  public static final int OFFSET_VALUE = 4;

  /** {@code RT_LOAD_BINARY_OPT_LAZY_LOAD}. */
  public static final int OPT_LAZY_LOAD = 1;

  /** {@code RT_LOAD_BINARY_OPT_MAGIC}. */
  public static final int OPT_MAGIC = 2;

  /** {@code RT_LOAD_BINARY_OPT_CPU_KERNEL_MODE}. */
  public static final int OPT_CPU_KERNEL_MODE = 3;

  /** {@code RT_LOAD_BINARY_OPT_MAX}: one past the last defined id. */
  public static final int OPT_MAX = 4;

  private static final String NAME = "LoadBinaryOption";

  public LoadBinaryOption {
    if (optionId < OPT_LAZY_LOAD || optionId >= OPT_MAX) {
      throw new IllegalArgumentException(
          NAME
              + ".optionId is "
              + optionId
              + " but rtLoadBinaryOption defines only 1 (LAZY_LOAD), 2 (MAGIC) and"
              + " 3 (CPU_KERNEL_MODE)");
    }
  }

  /** The option upstream registers its JSON descriptor with: {@code cpuKernelMode = mode}. */
  public static LoadBinaryOption cpuKernelMode(int mode) {
    return new LoadBinaryOption(OPT_CPU_KERNEL_MODE, mode);
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
    AbiBytes.putI32(dst, at + OFFSET_OPTION_ID, optionId);
    AbiBytes.putI32(dst, at + OFFSET_VALUE, value);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position; the union's tail is not inspected. */
  public static LoadBinaryOption decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new LoadBinaryOption(
                AbiBytes.getI32(src, at + OFFSET_OPTION_ID),
                AbiBytes.getI32(src, at + OFFSET_VALUE)));
  }
}
