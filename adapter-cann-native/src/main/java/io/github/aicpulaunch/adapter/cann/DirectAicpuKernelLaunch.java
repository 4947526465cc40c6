package io.github.aicpulaunch.adapter.cann;

/**
 * Direct-mapped {@code rtAicpuKernelLaunchExWithArgs} (a per-launch call; direct mapping costs
 * about a sixth of interface mapping). Every pointer is passed as its raw address so a call
 * allocates nothing.
 *
 * <p>JNA binds the natives of a class once per JVM, to one library: {@link DirectNatives#bind}
 * binds them to the first CANN installation a process loads, and a process serves one CANN.
 */
final class DirectAicpuKernelLaunch {
  private DirectAicpuKernelLaunch() {}

  /**
   * {@code rtError_t rtAicpuKernelLaunchExWithArgs(const uint32_t kernelType, const char *opName,
   * const uint32_t numBlocks, const rtAicpuArgsEx_t *argsInfo, rtSmDesc_t *smDesc, const rtStream_t
   * stm, const uint32_t flags)}.
   */
  static native int rtAicpuKernelLaunchExWithArgs(
      int kernelType,
      long opName,
      int numBlocks,
      long argsInfo,
      long smDesc,
      long stream,
      int flags);
}
