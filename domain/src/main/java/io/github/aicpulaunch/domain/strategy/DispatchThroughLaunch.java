package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code dispatch-through}: every launch is a KFC launch of the dispatcher's server entry ({@code
 * DynTileFwkKernelServer} in {@code libaicpu_extend_kernels.so}), whose DeviceArgs carry a request
 * naming the runtime (by fingerprint) and the entry; the dispatcher calls that entry of the runtime
 * SO it published and holds open (docs/ABI.md "Dispatch-through request"). CANN's extend library
 * only ever loads the dispatcher, so the one-SO latch (F1) no longer limits how many runtimes one
 * process drives on a device. Needs the {@code dispatcher-upload} deployment, which both latches
 * the dispatcher and makes it open the runtime.
 *
 * <p>Costs one hop and two small H2D copies (payload, request) per launch, into one of {@link
 * DispatchThroughLauncher#SLOTS} pre-allocated device slots.
 */
public final class DispatchThroughLaunch implements LaunchStrategy {
  public static final String NAME = BuiltInStrategies.DISPATCH_THROUGH;

  @Inject
  public DispatchThroughLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    return serverLaunchRefusal(
        runtime,
        deployment,
        DispatcherUploadDeployment.NAME,
        "puts the dispatcher in front of the runtime");
  }

  /**
   * The refusal of a strategy whose every launch is a KFC launch of the extend library's server
   * entry, which reaches the SO only {@code needed} makes the library latch.
   */
  static Optional<String> serverLaunchRefusal(
      RuntimeInfo runtime, Deployment deployment, String needed, String what) {
    if (!runtime.has(Capability.AICPU_KERNEL_LAUNCH_EX)) {
      return Optional.of("CANN " + runtime.version() + " lacks rtAicpuKernelLaunchExWithArgs");
    }
    if (!deployment.name().equals(needed)) {
      return Optional.of(
          "only the "
              + needed
              + " deployment "
              + what
              + "; deployment "
              + deployment.name()
              + " does not");
    }
    return Optional.empty();
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    return DispatchThroughLauncher.allocate(context);
  }
}
