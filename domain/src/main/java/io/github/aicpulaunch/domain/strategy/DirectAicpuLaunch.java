package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code direct-aicpu} (Mode A type 2): every launch is {@code
 * rtAicpuKernelLaunchExWithArgs(KERNEL_TYPE_AICPU, "AST_DYN_AICPU", numBlocks, {payload + so name +
 * kernel name})} with so name = the preinstall basename and kernel name = the entry. The main AICPU
 * scheduler dlopens the preinstall file by that name (PROTOCOL §7.3). No JSON, no registration, no
 * handles: this works where CANN's rts JSON loader is missing or broken (the 107000 of CANN 8.5.0).
 *
 * <p>An entry the SO does not export cannot be detected here: it surfaces as 507018 at stream
 * synchronisation. The session's validation checks the exports before upload for that reason.
 */
public final class DirectAicpuLaunch implements LaunchStrategy {
  public static final String NAME = BuiltInStrategies.DIRECT_AICPU;

  @Inject
  public DirectAicpuLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    return namedKernelRefusal(runtime, deployment);
  }

  static Optional<String> namedKernelRefusal(RuntimeInfo runtime, Deployment deployment) {
    if (!runtime.has(Capability.AICPU_KERNEL_LAUNCH_EX)) {
      return Optional.of("CANN " + runtime.version() + " lacks rtAicpuKernelLaunchExWithArgs");
    }
    if (deployment.residence() != RuntimeResidence.PREINSTALL_DIRECTORY) {
      return Optional.of(
          "deployment "
              + deployment.name()
              + " leaves no file in the preinstall directory for the scheduler to open by name");
    }
    return Optional.empty();
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    return new NamedKernelLauncher(context, KernelType.AICPU);
  }
}
