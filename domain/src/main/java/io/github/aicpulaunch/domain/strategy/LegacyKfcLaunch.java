package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code legacy-kfc} (PROTOCOL §3.3 (a), the pre-#537 path): every launch is {@code
 * rtAicpuKernelLaunchExWithArgs(KERNEL_TYPE_AICPU_KFC, "AST_DYN_AICPU", numBlocks, blob)} of kernel
 * {@code DynTileFwkKernelServer} in {@code libaicpu_extend_kernels.so}. CANN's KFC library forwards
 * the blob's device copy to {@code DynTileFwkBackendKernelServer} of the SO it latched, which with
 * the {@code legacy-kfc} deployment is the runtime SO itself.
 *
 * <p>Pairs only with the {@code legacy-kfc} deployment, and the one entry it reaches is {@value
 * #SERVER_ENTRY}: the session declares exactly that entry. The blob is {@link
 * io.github.aicpulaunch.domain.abi.LegacyServerArgs} (304 bytes, the bootstrap blob's shape) with
 * the payload's device address at 40 and its length at 48 (docs/ABI.md "Legacy KFC launch").
 *
 * <p>One runtime per device per process: CANN's latch silently skips a second, different SO (F1),
 * and the registry refuses it before any device call, naming the latch and the way out
 * (dispatch-through, or another process).
 */
public final class LegacyKfcLaunch implements LaunchStrategy {
  public static final String NAME = BuiltInStrategies.LEGACY_KFC;

  /** The runtime SO's export that every legacy launch reaches. */
  public static final String SERVER_ENTRY = "DynTileFwkBackendKernelServer";

  @Inject
  public LegacyKfcLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public List<String> onlyEntries() {
    return List.of(SERVER_ENTRY);
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    return DispatchThroughLaunch.serverLaunchRefusal(
        runtime,
        deployment,
        LegacyKfcDeployment.NAME,
        "makes CANN's KFC library latch the runtime SO itself");
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment, RuntimeImage image) {
    Optional<String> general = refusal(runtime, deployment);
    if (general.isPresent() || image.symbols().equals(List.of(SERVER_ENTRY))) {
      return general;
    }
    return Optional.of(entryProblem(image));
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    if (!context.image().symbols().equals(List.of(SERVER_ENTRY))) {
      throw new InvalidRequestException(
          entryProblem(context.image()) + ".",
          "Declare exactly the entry " + SERVER_ENTRY + " (OpenSessionCommand entries).",
          "Run with --declare " + SERVER_ENTRY + " --entry " + SERVER_ENTRY + ".");
    }
    return LegacyKfcLauncher.allocate(context);
  }

  private static String entryProblem(RuntimeImage image) {
    return "a legacy KFC launch reaches only the runtime's "
        + SERVER_ENTRY
        + " (through CANN's DynTileFwkKernelServer), but the session declares "
        + String.join(", ", image.symbols());
  }
}
