package io.github.aicpulaunch.domain.abi;

import io.github.aicpulaunch.domain.abi.AicpuArgsEx.Layout;
import java.nio.ByteBuffer;

/**
 * CANN's {@code rtCpuKernelArgs_t} (PROTOCOL 2.7), the argument of {@code rtsLaunchCpuKernel}: a
 * 48-byte {@code rtAicpuArgsEx_t} ({@link Layout#CANN_8_5_AND_LATER}, the only layout the rts API
 * ships with), {@code cpuParamHeadOffset} and four reserved words that stay zero.
 *
 * @param baseArgs {@code baseArgs}; must fit the 48-byte layout (every {@link AicpuArgsEx} does)
 * @param cpuParamHeadOffset {@code cpuParamHeadOffset} ({@code size_t}; CANN copies it into the
 *     task's {@code headParamOffset}; upstream: 0), not negative
 */
public record CpuKernelArgs(AicpuArgsEx baseArgs, long cpuParamHeadOffset) {
  public static final int SIZE = 72;
  public static final int OFFSET_BASE_ARGS = 0;
  public static final int OFFSET_CPU_PARAM_HEAD_OFFSET = 48;

  /** {@code uint32_t rsv[4]}, always zero. */
  public static final int OFFSET_RSV = 56;

  private static final String NAME = "CpuKernelArgs";

  public CpuKernelArgs {
    AbiBytes.checkNonNegative(NAME + ".cpuParamHeadOffset", cpuParamHeadOffset, "size_t");
  }

  /** What upstream passes per task: the payload's host address and size, everything else zero. */
  public static CpuKernelArgs forPayload(long argsPtr, int argsSize) {
    return new CpuKernelArgs(AicpuArgsEx.forBlob(argsPtr, argsSize, 0, 0), 0);
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
    baseArgs.writeAt(dst, at + OFFSET_BASE_ARGS, Layout.CANN_8_5_AND_LATER);
    AbiBytes.putU64(dst, at + OFFSET_CPU_PARAM_HEAD_OFFSET, cpuParamHeadOffset);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position; {@code rsv} is not inspected. */
  public static CpuKernelArgs decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new CpuKernelArgs(
                AicpuArgsEx.readAt(src, at + OFFSET_BASE_ARGS, Layout.CANN_8_5_AND_LATER),
                AbiBytes.getU64(src, at + OFFSET_CPU_PARAM_HEAD_OFFSET)));
  }
}
