package io.github.aicpulaunch.ports.out;

/** Device selection and reset: {@code rtSetDevice}, {@code rtDeviceReset} and friends. */
public interface DeviceControlPort {
  /**
   * Attaches the calling thread to a device ({@code rtSetDevice}). Idempotent per thread. Memory,
   * stream and launch calls from a thread that never attached fail with 107002 (F25).
   *
   * @param device logical device id, as seen under {@code ASCEND_RT_VISIBLE_DEVICES}
   */
  void setDevice(int device);

  /**
   * Releases this process's context on the device: {@code aclrtResetDevice} on a CANN whose ACL
   * this process initialised ({@code rtDeviceReset} otherwise, PROTOCOL §8). Does not clear poison.
   * The last user of a device in the process calls it when it is done.
   */
  void resetDevice(int device);

  /**
   * {@code aclrtResetDeviceForce}: the only call that clears a sticky-poisoned device (F17). All
   * handles issued for the device before the reset are dead afterwards.
   */
  void resetDeviceForce(int device);

  /**
   * {@code aclrtSetOpExecuteTimeOutV2}: the op-execute watchdog for tasks launched from now on.
   *
   * @return the timeout CANN actually applied, in microseconds
   */
  long setOpExecuteTimeout(long timeoutMicros);

  /** Number of devices visible to this process. */
  int deviceCount();
}
