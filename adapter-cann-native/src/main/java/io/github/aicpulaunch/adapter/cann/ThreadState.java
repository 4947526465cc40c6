package io.github.aicpulaunch.adapter.cann;

import org.jspecify.annotations.Nullable;

/**
 * Everything the adapter keeps per calling thread, in one object so the per-launch path makes one
 * {@link ThreadLocal} lookup ({@link ThreadAttach#ensure}): which device the thread is attached to
 * (and since which reset), the host staging buffer for copies and payloads, and the launch
 * structures.
 *
 * <p>Owned by one thread: only that thread reads or writes it, so nothing here is synchronised. The
 * native buffers are created on first use and released by JNA's cleaner once the thread is gone.
 */
final class ThreadState {
  /** Initial staging: a dispatch-through request with a typical payload, or a launch blob, fit. */
  private static final int STAGING_BYTES = 4096;

  /** The attached device, or {@link ThreadAttach#NONE}. */
  int device = ThreadAttach.NONE;

  /** {@link ThreadAttach}'s reset epoch at the time of attaching. */
  int epoch = -1;

  private @Nullable HostStaging staging;
  private @Nullable LaunchScratch launch;

  /**
   * The thread's staging buffer. One C call at a time uses it: a copy, or a launch's payload (CANN
   * copies the payload during the launch call), never both at once.
   */
  HostStaging staging() {
    HostStaging s = staging;
    if (s == null) {
      s = new HostStaging(STAGING_BYTES);
      staging = s;
    }
    return s;
  }

  /** The thread's launch structures. */
  LaunchScratch launch() {
    LaunchScratch l = launch;
    if (l == null) {
      l = new LaunchScratch();
      launch = l;
    }
    return l;
  }
}
