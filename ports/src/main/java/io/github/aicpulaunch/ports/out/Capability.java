package io.github.aicpulaunch.ports.out;

/**
 * What the installed CANN (or the simulator's profile) offers: the C functions it exports. Whether
 * a function also works is not a capability: the launch policy asks CANN (the registration probe
 * tells whether the rts JSON loader accepts descriptors) instead of trusting a version number.
 */
public enum Capability {
  /** {@code rtAicpuKernelLaunchExWithArgs}: the bootstrap and direct type-2 launches. */
  AICPU_KERNEL_LAUNCH_EX,
  /** {@code rtsBinaryLoadFromFile}, {@code rtsFuncGetByName}, {@code rtsBinaryUnload}. */
  RTS_BINARY_LOAD,
  /** {@code rtsLaunchCpuKernel}. */
  RTS_LAUNCH_CPU_KERNEL,
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
