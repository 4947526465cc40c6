package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * One thread's native memory for the per-launch path, so a launch allocates nothing: the argument
 * structure ({@code rtAicpuArgsEx_t} or {@code rtCpuKernelArgs_t}), the {@code
 * rtKernelLaunchCfg_t}, the attribute array and the payload copy. The attribute and payload buffers
 * grow (doubling) only when a launch needs more than they hold.
 *
 * <p>Owned by one thread (held in a {@link ThreadLocal}); the memory is released by JNA's cleaner
 * once the thread and its scratch are gone. CANN copies what it needs during the call, so the
 * buffers are reusable as soon as the call returns.
 */
final class LaunchScratch {
  static final int ATTR_STRIDE = 20;
  private static final int ARGS_BYTES = 80;
  private static final int CFG_BYTES = 16;

  private final Memory fixed = new Memory(ARGS_BYTES + CFG_BYTES);
  final long argsAddress = Pointer.nativeValue(fixed);
  final long cfgAddress = argsAddress + ARGS_BYTES;

  private Memory attrs = new Memory(ATTR_STRIDE * 8L);
  private long attrsAddress = Pointer.nativeValue(attrs);
  private final HostStaging payload = new HostStaging(4096);

  /** The argument structure, zeroed over {@code size} bytes. */
  Memory args(int size) {
    fixed.clear(size);
    return fixed;
  }

  /** The config structure (at {@link #cfgAddress}); written through the same memory as args. */
  Memory cfg() {
    return fixed;
  }

  int cfgOffset() {
    return ARGS_BYTES;
  }

  /** An attribute array of {@code count} zeroed entries (at least one, as upstream passes). */
  Memory attrs(int count) {
    long need = (long) ATTR_STRIDE * Math.max(1, count);
    if (need > attrs.size()) {
      attrs = new Memory(Math.max(need, attrs.size() * 2));
      attrsAddress = Pointer.nativeValue(attrs);
    }
    attrs.clear(need);
    return attrs;
  }

  long attrsAddress() {
    return attrsAddress;
  }

  /** Copies {@code src} from position to limit into the payload buffer; returns its address. */
  long payload(ByteBuffer src) {
    return payload.copyIn(src);
  }
}
