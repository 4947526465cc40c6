package io.github.aicpulaunch.adapter.cann;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CANN's {@code rtCpuKernelArgs_t} (PROTOCOL 2.7), the argument of {@code rtsLaunchCpuKernel},
 * written in place: {@code baseArgs} ({@link RtAicpuArgsEx} in the installed CANN's layout), then
 * {@code size_t cpuParamHeadOffset} and {@code uint32_t rsv[4]}, which stay zero. 72 bytes over the
 * 48-byte base ({@code testdata/abi/cpu_kernel_args.bin}), 64 over the 40-byte one ({@code
 * cpu_kernel_args_40.bin}). Owned by one thread, like its buffer.
 */
final class RtCpuKernelArgs {
  /** Bytes after {@code baseArgs}: {@code cpuParamHeadOffset} and {@code rsv[4]}. */
  static final int TAIL = 8 + 16;

  private final ByteBuffer b;
  private final int at;
  private final RtAicpuArgsEx baseArgs;
  private AicpuArgsLayout layout = AicpuArgsLayout.V48;

  RtCpuKernelArgs(ByteBuffer buffer, int at) {
    this.b = buffer.order(ByteOrder.LITTLE_ENDIAN);
    this.at = at;
    this.baseArgs = new RtAicpuArgsEx(buffer, at);
  }

  /** Zeroes the structure over {@code layout}'s base and returns its {@code baseArgs}. */
  RtAicpuArgsEx clear(AicpuArgsLayout layout) {
    this.layout = layout;
    Zero.fill(b, at + layout.size(), TAIL);
    return baseArgs.clear(layout);
  }

  /** {@code size_t cpuParamHeadOffset} (CANN copies it into the task's {@code headParamOffset}). */
  RtCpuKernelArgs cpuParamHeadOffset(long offset) {
    b.putLong(at + layout.size(), offset);
    return this;
  }
}
