package io.github.aicpulaunch.ports.out;

import java.nio.ByteBuffer;

/** Mode B launches: {@code rtsLaunchCpuKernel} on a handle from {@link BinaryRegistrationPort}. */
public interface CpuKernelLaunchPort {
  /**
   * {@code rtsLaunchCpuKernel(function, numBlocks, stream, &cfg, &cpuArgs)} with the payload as
   * {@code cpuArgs.baseArgs.args} (CANN copies it; the buffer may be reused once this returns).
   * Asynchronous: kernel failures surface at stream synchronisation.
   *
   * @param payload the bytes from position to limit; position and limit are left unchanged
   */
  void launchCpuKernel(
      FunctionHandle function,
      int numBlocks,
      StreamHandle stream,
      LaunchConfig config,
      ByteBuffer payload);
}
