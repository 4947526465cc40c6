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
 * <p>The structures are written through direct {@link ByteBuffer} views with absolute puts, which
 * the JIT compiles to plain stores; {@link Memory}'s setters cross into C once per field. The views
 * are in native byte order because the reader is C code in this process (little-endian on every
 * platform CANN ships for).
 *
 * <p>Owned by one thread (its {@link ThreadState}); the memory is released by JNA's cleaner once
 * the thread is gone. CANN copies what it needs during the call, so the buffers are reusable as
 * soon as the call returns.
 */
final class LaunchScratch {
  /** {@code sizeof(rtLaunchKernelAttr_t)}: a u32 id and a 16-byte value union, 4-byte aligned. */
  static final int ATTR_STRIDE = 20;

  /** Room for the largest argument structure, {@code rtCpuKernelArgs_t} of the 48-byte layout. */
  private static final int ARGS_BYTES = 80;

  private static final int CFG_BYTES = 16;
  private static final int INITIAL_ATTRS = 8;

  private final Memory fixed = new Memory(ARGS_BYTES + CFG_BYTES);
  private final ByteBuffer fixedView = view(fixed);
  final long argsAddress = Pointer.nativeValue(fixed);
  final long cfgAddress = argsAddress + ARGS_BYTES;

  private Memory attrs = new Memory((long) ATTR_STRIDE * INITIAL_ATTRS);
  private ByteBuffer attrsView = view(attrs);
  private long attrsAddress = Pointer.nativeValue(attrs);

  private static ByteBuffer view(Memory m) {
    return m.getByteBuffer(0, m.size()).order(ByteOrder.nativeOrder());
  }

  /**
   * The argument structure at {@link #argsAddress}, its first {@code size} bytes zeroed; write the
   * fields with absolute puts. {@code size} is a multiple of 8 (every CANN layout is).
   */
  ByteBuffer args(int size) {
    ByteBuffer b = fixedView;
    for (int i = 0; i < size; i += 8) {
      b.putLong(i, 0L);
    }
    return b;
  }

  /**
   * Writes {@code rtKernelLaunchCfg_t} {@code {attrs*; size_t numAttrs}} at {@link #cfgAddress} and
   * the attribute array it points to: every entry written whole (id, the value's first 8 bytes, 8
   * zero bytes), at least one entry (all zero when there are none), as upstream passes.
   */
  void config(List<LaunchConfig.Attribute> attributes) {
    int n = attributes.size();
    ByteBuffer a = attrsFor(Math.max(1, n));
    if (n == 0) {
      a.putInt(0, 0).putLong(4, 0L).putLong(12, 0L);
    }
    for (int i = 0; i < n; i++) {
      LaunchConfig.Attribute attribute = attributes.get(i);
      int at = i * ATTR_STRIDE;
      a.putInt(at, attribute.id()).putLong(at + 4, attribute.value()).putLong(at + 12, 0L);
    }
    fixedView.putLong(ARGS_BYTES, attrsAddress).putLong(ARGS_BYTES + 8, n);
  }

  private ByteBuffer attrsFor(int count) {
    long need = (long) ATTR_STRIDE * count;
    if (need > attrs.size()) {
      attrs = new Memory(Math.max(need, attrs.size() * 2));
      attrsView = view(attrs);
      attrsAddress = Pointer.nativeValue(attrs);
    }
    return attrsView;
  }
}
