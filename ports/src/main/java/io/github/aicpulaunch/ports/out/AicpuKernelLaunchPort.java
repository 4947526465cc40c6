package io.github.aicpulaunch.ports.out;

/** Mode A launches: {@code rtAicpuKernelLaunchExWithArgs}. */
public interface AicpuKernelLaunchPort {
  /**
   * {@code rtAicpuKernelLaunchExWithArgs(kernelType, opName, numBlocks, &argsEx, NULL, stream, 0)}.
   * Asynchronous: failures of the kernel itself surface at stream synchronisation.
   *
   * @param kernelType {@link KernelType#AICPU_KFC} for the bootstrap, {@link KernelType#AICPU} for
   *     direct type-2 launches
   * @param opName the op name CANN logs ({@code "AST_DYN_AICPU"} upstream)
   * @param numBlocks number of blocks (threads) the kernel runs on, at least 1
   */
  void launchAicpuKernel(
      KernelType kernelType, String opName, int numBlocks, AicpuArgs args, StreamHandle stream);
}
