package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The launches of one {@code rts-json} or {@code custom-kernel} session: {@code rtsLaunchCpuKernel}
 * on handles resolved at prepare time. Holds the binary handle and the registration's host files
 * (the descriptor, and for {@code custom-kernel} the SO beside it) until {@link #release()}
 * (PROTOCOL §3.3 (e)) or {@link #abandon()} (§3.3 (f)).
 */
final class RtsJsonLauncher implements TaskLauncher {
  private final BinaryRegistrationPort binaries;
  private final CpuKernelLaunchPort cpuKernels;
  private final StreamHandle stream;
  private final LaunchConfig config;
  private final FunctionHandle[] handles;
  private final List<Path> files;
  private @Nullable BinaryHandle binary;

  RtsJsonLauncher(
      LaunchContext context, BinaryHandle binary, FunctionHandle[] handles, List<Path> files) {
    this.binaries = context.ports().binaries();
    this.cpuKernels = context.ports().cpuKernels();
    this.stream = context.stream();
    this.config = context.launchConfig();
    this.binary = binary;
    this.handles = handles.clone();
    this.files = List.copyOf(files);
  }

  @Override
  public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
    cpuKernels.launchCpuKernel(handles[entryIndex], numBlocks, stream, config, payload);
  }

  /** {@code rtsBinaryUnload}; on failure the handle is kept for a retry (F21). */
  @Override
  public void release() {
    BinaryHandle b = binary;
    if (b != null) {
      binaries.unloadBinary(b);
      binary = null;
    }
    JsonRegistration.deleteQuietly(files);
  }

  /** Forgets the handle without {@code rtsBinaryUnload} (F20–F22). */
  @Override
  public void abandon() {
    binary = null;
    JsonRegistration.deleteQuietly(files);
  }
}
