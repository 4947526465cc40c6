package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code custom-kernel} (Path B, {@code KERNEL_TYPE_AICPU_CUSTOM} = 4): like {@code direct-aicpu},
 * but run by CANN's custom AICPU scheduler instead of the main one.
 *
 * <p><b>Hazard (simpler issue #822, F2):</b> the custom scheduler's worker threads are bound to a
 * CPU outside AICore's snoop domain, so an AICPU kernel that waits for an AICore write can read a
 * stale cache line forever; the host then sees 507018 ({@code ACL_ERROR_RT_AICPU_EXCEPTION}) at the
 * stream-sync timeout. {@code volatile}, {@code ldar} and cache maintenance do not help. Nobody has
 * re-validated Path B since CANN's unnamed mitigation. The policy therefore never picks this
 * strategy: it runs only when the user names it.
 */
public final class CustomKernelLaunch implements LaunchStrategy {
  public static final String NAME = "custom-kernel";

  /** The #822 hazard in one sentence, for error texts and the policy's explanation. */
  public static final String HAZARD =
      "KERNEL_TYPE_AICPU_CUSTOM kernels run on the custom scheduler, which is not cache-coherent"
          + " with AICore writes (simpler #822, F2): a kernel waiting on AICore can spin on a stale"
          + " value until the host reports 507018";

  @Inject
  public CustomKernelLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean explicitOnly() {
    return true;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    if (!runtime.has(Capability.CUSTOM_KERNEL)) {
      return Optional.of(
          "CANN "
              + runtime.version()
              + " ("
              + runtime.backend()
              + ") does not offer KERNEL_TYPE_AICPU_CUSTOM launches; even where it does, "
              + HAZARD);
    }
    return DirectAicpuLaunch.namedKernelRefusal(runtime, deployment);
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    return new NamedKernelLauncher(context, KernelType.AICPU_CUSTOM);
  }
}
