package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code legacy-kfc} (PROTOCOL §3.3 (a), the pre-#537 path): the runtime SO itself goes to CANN's
 * extend library in {@code aicpu_so_bin/len}, which saves it, loads it and latches it. The runtime
 * must therefore export the three symbols the library resolves ({@code
 * StaticTileFwkBackendKernelServer}, {@code DynTileFwkBackendKernelServerInit}, {@code
 * DynTileFwkBackendKernelServer}; F10), and only one runtime per device per process can use this
 * path: a second, different SO would be skipped silently by the latch (F1), so the registry refuses
 * it. The SO never reaches the preinstall directory, so only KFC launches reach it: the {@code
 * legacy-kfc} launch strategy ({@link LegacyKfcLaunch}) is its one partner.
 */
public final class LegacyKfcDeployment implements Deployment {
  public static final String NAME = BuiltInStrategies.LEGACY_KFC;

  /** The symbols CANN's extend library resolves in the SO it loads (F10). */
  public static final List<String> KFC_EXPORTS =
      List.of(
          "StaticTileFwkBackendKernelServer",
          "DynTileFwkBackendKernelServerInit",
          "DynTileFwkBackendKernelServer");

  @Inject
  public LegacyKfcDeployment() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RuntimeResidence residence() {
    return RuntimeResidence.KFC_LIBRARY;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime) {
    return runtime.has(Capability.AICPU_KERNEL_LAUNCH_EX)
        ? Optional.empty()
        : Optional.of("CANN " + runtime.version() + " lacks rtAicpuKernelLaunchExWithArgs");
  }

  @Override
  public List<String> requiredExports() {
    return KFC_EXPORTS;
  }

  @Override
  public Optional<KfcLatch> latch(RuntimeImage image) {
    return Optional.of(
        new KfcLatch(
            KfcLatch.Kind.RUNTIME_SO,
            image.fingerprintHex(),
            "runtime SO " + image.path() + " (fingerprint " + image.fingerprintHex() + ")"));
  }

  @Override
  public void deploy(DeployContext context) {
    KfcBootstrap.run(context, context.runtimeSo(), null);
  }
}
