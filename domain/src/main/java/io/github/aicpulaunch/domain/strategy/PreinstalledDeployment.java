package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code preinstalled}: an administrator already put the runtime SO into the device's preinstall
 * directory (the tar.gz method), under the name the session computes ({@link
 * RuntimeImage#preinstallName()}). Nothing is uploaded and CANN's KFC library is not involved, so
 * nothing is latched. The host cannot see the device filesystem: a missing or different file
 * surfaces as 507018 at the first launch's synchronisation (or at registration for {@code rts-json}
 * on CANNs that check).
 */
public final class PreinstalledDeployment implements Deployment {
  public static final String NAME = BuiltInStrategies.PREINSTALLED;

  @Inject
  public PreinstalledDeployment() {}

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
    return Optional.empty();
  }

  @Override
  public Optional<KfcLatch> latch(RuntimeImage image) {
    return Optional.empty();
  }

  /** Makes no device call: the SO is on the device already. */
  @Override
  public void deploy(DeployContext context) {}
}
