package io.github.aicpulaunch.adapter.cann;

/**
 * Direct-mapped {@code rtsLaunchCpuKernel}, the Mode B per-task call. Kept apart from {@link
 * DirectAicpuKernelLaunch} because JNA registers a class's natives all or nothing, and a CANN
 * without the rts API lacks this symbol only. See {@link DirectNatives} for the one-library-per-JVM
 * rule.
 */
final class DirectCpuKernelLaunch {
  private DirectCpuKernelLaunch() {}

  /**
   * {@code rtError_t rtsLaunchCpuKernel(const rtFuncHandle funcHandle, uint32_t numBlocks,
   * rtStream_t stm, const rtKernelLaunchCfg_t *cfg, rtCpuKernelArgs_t *argsInfo)}.
   */
  static native int rtsLaunchCpuKernel(
      long funcHandle, int numBlocks, long stream, long cfg, long argsInfo);
}
