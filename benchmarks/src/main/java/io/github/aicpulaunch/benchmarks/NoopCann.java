package io.github.aicpulaunch.benchmarks;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.ports.out.CannPorts;
import java.nio.file.Path;

/**
 * The CANN adapter bound to the no-op CANN (src/main/c/cann_noop_*.c), and raw direct-mapped calls
 * into the same {@code libruntime.so}: the baseline of every adapter benchmark. Loaded once per
 * JVM, because a JVM binds CANN's direct-mapped functions to one library for its life.
 */
public final class NoopCann {
  private static final Path LIBRARIES = BenchFiles.noopCannLibraries();
  private static final CannAdapter ADAPTER =
      CannAdapter.load(CannOptions.explicitOnly().withLibraryPath(LIBRARIES));

  static {
    Native.register(
        Raw.class, NativeLibrary.getInstance(LIBRARIES.resolve("libruntime.so").toString()));
  }

  private NoopCann() {}

  /**
   * The adapter's ports.
   *
   * @throws BaselineException when the adapter refused the no-op CANN (the cause says why)
   */
  public static CannPorts ports() {
    if (!ADAPTER.isAvailable()) {
      throw new BaselineException(
          "the CANN adapter refused the no-op CANN at "
              + LIBRARIES
              + ": "
              + ADAPTER.unavailabilityCause().orElse("no reason"));
    }
    return ADAPTER.ports();
  }

  /** The same two C functions the adapter launches through, direct-mapped with raw addresses. */
  public static final class Raw {
    private Raw() {}

    /** {@code rtsLaunchCpuKernel(funcHandle, numBlocks, stm, cfg, argsInfo)}. */
    public static native int rtsLaunchCpuKernel(
        long funcHandle, int numBlocks, long stream, long cfg, long argsInfo);

    /** {@code rtAicpuKernelLaunchExWithArgs(type, opName, numBlocks, argsInfo, smDesc, stm, 0)}. */
    public static native int rtAicpuKernelLaunchExWithArgs(
        int kernelType,
        long opName,
        int numBlocks,
        long argsInfo,
        long smDesc,
        long stream,
        int flags);
  }
}
