package io.github.aicpulaunch.adapter.cann;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * Which device each thread is attached to, so attaching is idempotent and a thread that never
 * attached is attached before it touches the device (F25: CANN answers 107002 otherwise).
 *
 * <p>A thread that never called {@code setDevice} is attached to the process's device when the
 * process has used exactly one; with several, CANN's own 107002 reaches the caller. A reset
 * invalidates every thread's attachment (the next call re-attaches).
 */
final class ThreadAttach {
  private static final int NONE = -1;
  private static final int SEVERAL = -2;

  /** [device, epoch] of the calling thread; allocated once per thread. */
  private final ThreadLocal<int[]> current = ThreadLocal.withInitial(() -> new int[] {NONE, -1});

  private final AtomicInteger epoch = new AtomicInteger();
  private volatile int soleDevice = NONE;

  /** Whether the calling thread is attached to {@code device} since the last reset. */
  boolean isAttached(int device) {
    int[] c = current.get();
    return c[0] == device && c[1] == epoch.get();
  }

  /** Records that the calling thread attached to {@code device}. */
  void attached(int device) {
    int[] c = current.get();
    c[0] = device;
    c[1] = epoch.get();
    synchronized (this) {
      if (soleDevice == NONE) {
        soleDevice = device;
      } else if (soleDevice != device) {
        soleDevice = SEVERAL;
      }
    }
  }

  /**
   * Attaches the calling thread with {@code setDevice} unless it is attached: to its own device
   * after a reset, else to the process's only device. Does nothing when neither is known.
   */
  void ensure(IntConsumer setDevice) {
    int[] c = current.get();
    if (c[0] != NONE && c[1] == epoch.get()) {
      return;
    }
    int device = c[0] != NONE ? c[0] : soleDevice;
    if (device >= 0) {
      setDevice.accept(device);
    }
  }

  /** After a device reset: every thread attaches again before its next call. */
  void invalidate() {
    epoch.incrementAndGet();
  }
}
