package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.SoBytes;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code dispatcher-upload} (the default, PROTOCOL §3.3 (b)): one KFC launch hands CANN's extend
 * library the dispatcher SO ({@code aicpu_so_bin/len}) and the runtime SO ({@code
 * inner_so_bin/len}); the dispatcher writes the runtime SO into the preinstall directory as {@code
 * simpler_inner_<fp>_<device>.so}. The extend library latches only the dispatcher, which is the
 * same for every runtime, so any number of runtimes can share a device (F1).
 *
 * <p>Three device buffers live only for the bootstrap and are freed on every path: the session
 * keeps no device copy of the runtime SO.
 */
public final class DispatcherUploadDeployment implements Deployment {
  public static final String NAME = BuiltInStrategies.DISPATCHER_UPLOAD;

  /** The latch every dispatcher-upload bootstrap leaves: the dispatcher itself. */
  public static final KfcLatch DISPATCHER_LATCH =
      new KfcLatch(
          KfcLatch.Kind.DISPATCHER, "aicpu-launch-dispatcher", "the aicpu-launch dispatcher SO");

  @Inject
  public DispatcherUploadDeployment() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RuntimeResidence residence() {
    return RuntimeResidence.PREINSTALL_DIRECTORY;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime) {
    return runtime.has(Capability.AICPU_KERNEL_LAUNCH_EX)
        ? Optional.empty()
        : Optional.of(
            "CANN " + runtime.version() + " lacks rtAicpuKernelLaunchExWithArgs for the bootstrap");
  }

  @Override
  public Optional<KfcLatch> latch(RuntimeImage image) {
    return Optional.of(DISPATCHER_LATCH);
  }

  @Override
  public void deploy(DeployContext context) {
    KfcBootstrap.run(context, SoBytes.of(context.dispatcherSo().get()), context.runtimeSo());
  }
}
