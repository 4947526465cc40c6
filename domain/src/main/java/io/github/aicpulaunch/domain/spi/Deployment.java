package io.github.aicpulaunch.domain.spi;

import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.List;
import java.util.Optional;

/**
 * How a runtime SO gets onto a device. Runs at most once per process, fingerprint and physical
 * device: the bootstrap registry calls {@link #deploy} for the first session of that key only
 * (concurrent openers wait for it), and never again after it succeeded.
 *
 * <p>Built-in names: {@code dispatcher-upload} (the default), {@code preinstalled}, {@code
 * legacy-kfc}. Implementations are stateless or thread-safe: one instance serves every session of
 * the process.
 */
public interface Deployment {
  /** The name users pick it by, lower-case with dashes, e.g. {@code dispatcher-upload}. */
  String name();

  /** Where the SO lives once deployed; decides which launch strategies can reach it. */
  RuntimeResidence residence();

  /**
   * Why this deployment cannot work with this runtime, or empty when it can. Called by the policy
   * before anything touches the device; must not call any port.
   *
   * @return one sentence naming the missing capability, e.g. "CANN 8.5.0 lacks
   *     rtAicpuKernelLaunchExWithArgs"
   */
  Optional<String> refusal(RuntimeInfo runtime);

  /**
   * Symbols the runtime SO must export for this deployment, beyond the entries the session
   * declares. Checked against the SO's dynamic symbols before upload.
   */
  default List<String> requiredExports() {
    return List.of();
  }

  /**
   * The SO this deployment makes CANN's KFC library latch on the device, or empty when it goes
   * around that library. The registry refuses a deployment whose latch differs from the one the
   * device already holds in this process (F1), before any device call.
   */
  Optional<KfcLatch> latch(RuntimeImage image);

  /**
   * Puts the SO onto the device and waits until it is there. On failure every device buffer this
   * call allocated is freed before the exception leaves; the caller then treats the key as not
   * deployed and a later session tries again.
   *
   * @throws io.github.aicpulaunch.ports.CannCallException when CANN fails a call (its code kept)
   * @throws io.github.aicpulaunch.ports.InvalidRequestException when the context cannot work
   */
  void deploy(DeployContext context);
}
