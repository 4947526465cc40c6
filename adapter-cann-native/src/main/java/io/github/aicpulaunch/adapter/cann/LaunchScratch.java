package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * One thread's native memory for the launch structures, so a launch allocates nothing: the argument
 * structure ({@code rtAicpuArgsEx_t} or {@code rtCpuKernelArgs_t}), the {@code rtKernelLaunchCfg_t}
 * and the attribute array. The attribute array grows (doubling) only when a launch needs more
 * entries than it holds.
 *
 * <p>The structures are written by their encoders ({@link RtAicpuArgsEx}, {@link RtCpuKernelArgs},
 * {@link RtLaunchKernelAttr}) through direct {@link ByteBuffer} views with absolute puts, which the
 * JIT compiles to plain stores; {@link Memory}'s setters cross into C once per field. The views are
 * little-endian, the byte order of every host CANN ships for.
 *
 * <p>Owned by one thread (its {@link ThreadState}); the memory is released by JNA's cleaner once
 * the thread is gone. CANN copies what it needs during the call, so the buffers are reusable as
 * soon as the call returns.
 */
final class LaunchScratch {
  /** Room for the largest argument structure, {@code rtCpuKernelArgs_t} of the 48-byte layout. */
  private static final int ARGS_BYTES = 80;

  private static final int INITIAL_ATTRS = 8;

  private final Memory fixed = new Memory(ARGS_BYTES + RtLaunchKernelAttr.CFG_SIZE);
  private final ByteBuffer fixedView = view(fixed);
  final long argsAddress = Pointer.nativeValue(fixed);
  final long cfgAddress = argsAddress + ARGS_BYTES;

  private final RtAicpuArgsEx argsEx = new RtAicpuArgsEx(fixedView, 0);
  private final RtCpuKernelArgs cpuArgs = new RtCpuKernelArgs(fixedView, 0);

  private Memory attrs = new Memory((long) RtLaunchKernelAttr.SIZE * INITIAL_ATTRS);
  private ByteBuffer attrsView = view(attrs);
  private long attrsAddress = Pointer.nativeValue(attrs);

  private static ByteBuffer view(Memory m) {
    return m.getByteBuffer(0, m.size()).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** The {@code rtAicpuArgsEx_t} at {@link #argsAddress}, zeroed in {@code layout}. */
  RtAicpuArgsEx aicpuArgs(AicpuArgsLayout layout) {
    return argsEx.clear(layout);
  }

  /** The {@code rtCpuKernelArgs_t} at {@link #argsAddress}, zeroed; returns its base args. */
  RtAicpuArgsEx cpuKernelArgs(AicpuArgsLayout layout) {
    return cpuArgs.clear(layout);
  }

  /**
   * Writes {@code rtKernelLaunchCfg_t} {@code {attrs*; size_t numAttrs}} at {@link #cfgAddress} and
   * the attribute array it points to: at least one entry (all zero when there are none), as
   * upstream passes.
   */
  void config(List<LaunchConfig.Attribute> attributes) {
    int n = attributes.size();
    ByteBuffer a = attrsFor(Math.max(1, n));
    if (n == 0) {
      RtLaunchKernelAttr.write(a, 0, 0, 0, 0L);
    }
    for (int i = 0; i < n; i++) {
      LaunchConfig.Attribute attribute = attributes.get(i);
      RtLaunchKernelAttr.write(a, 0, i, attribute.id(), attribute.value());
    }
    RtLaunchKernelAttr.writeCfg(fixedView, ARGS_BYTES, attrsAddress, n);
  }

  private ByteBuffer attrsFor(int count) {
    long need = (long) RtLaunchKernelAttr.SIZE * count;
    if (need > attrs.size()) {
      attrs = new Memory(Math.max(need, attrs.size() * 2));
      attrsView = view(attrs);
      attrsAddress = Pointer.nativeValue(attrs);
    }
    return attrsView;
  }
}
