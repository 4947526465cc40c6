package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import java.util.Optional;

/**
 * What the policy decides from, besides the runtime's capabilities.
 *
 * @param deployment a deployment the user named, or empty for the policy's choice
 * @param launch a launch strategy the user named, or empty for the policy's choice
 * @param physicalDevice the device the session will run on (physical id when known)
 * @param otherRuntimesOnDevice how many distinct other runtime SOs this process already has on that
 *     device
 * @param jsonLoader what the device's registration probe found, when it ran in this process
 */
public record PolicyRequest(
    Optional<String> deployment,
    Optional<String> launch,
    int physicalDevice,
    int otherRuntimesOnDevice,
    Optional<JsonLoaderVerdict> jsonLoader) {
  /** A request for a device whose registration probe has not run. */
  public PolicyRequest(
      Optional<String> deployment,
      Optional<String> launch,
      int physicalDevice,
      int otherRuntimesOnDevice) {
    this(deployment, launch, physicalDevice, otherRuntimesOnDevice, Optional.empty());
  }

  /** This request with the device's probe verdict. */
  public PolicyRequest withJsonLoader(JsonLoaderVerdict verdict) {
    return new PolicyRequest(
        deployment, launch, physicalDevice, otherRuntimesOnDevice, Optional.of(verdict));
  }

  public PolicyRequest {
    if (physicalDevice < 0) {
      throw new IllegalArgumentException("device id must be >= 0, was " + physicalDevice);
    }
    if (otherRuntimesOnDevice < 0) {
      throw new IllegalArgumentException(
          "runtime count must be >= 0, was " + otherRuntimesOnDevice);
    }
  }
}
