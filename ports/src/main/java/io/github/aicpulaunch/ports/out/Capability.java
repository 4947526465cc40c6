package io.github.aicpulaunch.ports.out;

/** What the installed CANN (or the simulator's profile) offers. The policy decides from these. */
public enum Capability {
  /** {@code rtAicpuKernelLaunchExWithArgs}: the bootstrap and direct type-2 launches. */
  AICPU_KERNEL_LAUNCH_EX,
  /** {@code rtsBinaryLoadFromFile}, {@code rtsFuncGetByName}, {@code rtsBinaryUnload}. */
  RTS_BINARY_LOAD,
  /** {@code rtsLaunchCpuKernel}. */
  RTS_LAUNCH_CPU_KERNEL,
  /**
   * The rts JSON loader accepts a well-formed descriptor. Absent on CANN 8.5.0, whose loader
   * answers 107000 to every file (the seed issue's blocker).
   */
  RTS_JSON_LOADER,
  /** {@code aclrtSynchronizeStreamWithTimeout}. */
  STREAM_SYNC_WITH_TIMEOUT,
  /** {@code aclrtSetOpExecuteTimeOutV2}. */
  OP_EXECUTE_TIMEOUT,
  /** {@code aclrtResetDeviceForce}. */
  FORCE_RESET,
  /** {@code KERNEL_TYPE_AICPU_CUSTOM} launches (Path B). */
  CUSTOM_KERNEL,
  /** {@code aclGetRecentErrMsg}. */
  RECENT_ERROR_MESSAGE
}
