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
 *
 * <p>The attachment lives in the thread's {@link ThreadState}, which {@link #ensure} hands back, so
 * a launch finds its attachment and its native buffers with one thread-local lookup.
 */
final class ThreadAttach {
  static final int NONE = -1;
  private static final int SEVERAL = -2;

  private final ThreadLocal<ThreadState> current = ThreadLocal.withInitial(ThreadState::new);

  private final AtomicInteger epoch = new AtomicInteger();
  private volatile int soleDevice = NONE;

  /** Whether the calling thread is attached to {@code device} since the last reset. */
  boolean isAttached(int device) {
    ThreadState t = current.get();
    return t.device == device && t.epoch == epoch.get();
  }

  /** Records that the calling thread attached to {@code device}. */
  void attached(int device) {
    ThreadState t = current.get();
    t.device = device;
    t.epoch = epoch.get();
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
   *
   * @return the calling thread's state
   */
  ThreadState ensure(IntConsumer setDevice) {
    ThreadState t = current.get();
    if (t.device == NONE || t.epoch != epoch.get()) {
      int device = t.device != NONE ? t.device : soleDevice;
      if (device >= 0) {
        setDevice.accept(device);
      }
    }
    return t;
  }

  /** After a device reset: every thread attaches again before its next call. */
  void invalidate() {
    epoch.incrementAndGet();
  }
}
