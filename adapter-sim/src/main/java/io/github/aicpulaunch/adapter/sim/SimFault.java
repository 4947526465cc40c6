package io.github.aicpulaunch.adapter.sim;

/**
 * Faults a test can switch on for one chip. Filesystem faults hit only the chip's preinstall
 * directory and are injected by libc interposers inside the AICPU OS process, so they work even
 * when the tests run as root.
 */
public enum SimFault {
  /** {@code write}, {@code fwrite} and {@code fsync} fail with ENOSPC. */
  DISK_FULL(1),
  /** Opening a file for writing and {@code rename} fail with EACCES. */
  PERMISSION_DENIED(2),
  /** Writes store only their first half but report success: a torn file is left behind. */
  TORN_WRITE(4),
  /** Device code crashes (SIGSEGV) at the start of every launch: the chip goes down. */
  DEVICE_CRASH(8),
  /** The device never finishes a task: every launch times out (F30). */
  WEDGED(16),
  /**
   * {@code aclrtResetDeviceForce} fails with 507899 and the device stays (or becomes) poisoned; its
   * streams, registrations and memory are not released (F21: the reset failed, so nothing it would
   * retire is retired). Handled by the host half; the AICPU OS never sees this bit.
   */
  FORCE_RESET_FAILS(32);

  /** The bits of {@code flags} the AICPU OS acts on. */
  static int deviceSide(int flags) {
    return flags & ~FORCE_RESET_FAILS.bit;
  }

  private final int bit;

  SimFault(int bit) {
    this.bit = bit;
  }

  /** The bit on the AICPU OS control protocol. */
  int bit() {
    return bit;
  }
}
