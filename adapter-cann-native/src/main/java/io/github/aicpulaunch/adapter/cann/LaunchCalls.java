package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;

/**
 * The two per-launch C calls, with every pointer as a raw address. {@link #direct()} allocates
 * nothing per call; {@link #viaFunctions} boxes its arguments and exists only for a second CANN
 * library loaded into a JVM whose direct natives are already bound to another one (tests, never a
 * card).
 */
interface LaunchCalls {
  int rtAicpuKernelLaunchExWithArgs(
      int kernelType,
      long opName,
      int numBlocks,
      long argsInfo,
      long smDesc,
      long stream,
      int flags);

  int rtsLaunchCpuKernel(long funcHandle, int numBlocks, long stream, long cfg, long argsInfo);

  static LaunchCalls direct() {
    return new LaunchCalls() {
      @Override
      public int rtAicpuKernelLaunchExWithArgs(
          int kernelType,
          long opName,
          int numBlocks,
          long argsInfo,
          long smDesc,
          long stream,
          int flags) {
        return DirectAicpuLaunch.rtAicpuKernelLaunchExWithArgs(
            kernelType, opName, numBlocks, argsInfo, smDesc, stream, flags);
      }

      @Override
      public int rtsLaunchCpuKernel(
          long funcHandle, int numBlocks, long stream, long cfg, long argsInfo) {
        return DirectCpuKernelLaunch.rtsLaunchCpuKernel(
            funcHandle, numBlocks, stream, cfg, argsInfo);
      }
    };
  }

  static LaunchCalls viaFunctions(NativeLibrary runtime) {
    return new LaunchCalls() {
      @Override
      public int rtAicpuKernelLaunchExWithArgs(
          int kernelType,
          long opName,
          int numBlocks,
          long argsInfo,
          long smDesc,
          long stream,
          int flags) {
        Function f = runtime.getFunction("rtAicpuKernelLaunchExWithArgs");
        return f.invokeInt(
            new Object[] {kernelType, opName, numBlocks, argsInfo, smDesc, stream, flags});
      }

      @Override
      public int rtsLaunchCpuKernel(
          long funcHandle, int numBlocks, long stream, long cfg, long argsInfo) {
        Function f = runtime.getFunction("rtsLaunchCpuKernel");
        return f.invokeInt(new Object[] {funcHandle, numBlocks, stream, cfg, argsInfo});
      }
    };
  }
}
