package io.github.aicpulaunch.domain.session;

import java.util.Optional;

/**
 * What the policy decides from, besides the runtime's capabilities.
 *
 * @param deployment a deployment the user named, or empty for the policy's choice
 * @param launch a launch strategy the user named, or empty for the policy's choice
 * @param physicalDevice the device the session will run on (physical id when known)
 * @param otherRuntimesOnDevice how many distinct other runtime SOs this process already has on that
 *     device
 */
public record PolicyRequest(
    Optional<String> deployment,
    Optional<String> launch,
    int physicalDevice,
    int otherRuntimesOnDevice) {
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
