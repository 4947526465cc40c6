package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;

/**
 * What the policy chose, and why.
 *
 * @param deployment how the runtime SO gets onto the device
 * @param launch how its entries are launched
 * @param reason the choice explained in one line (no line breaks)
 * @param probeFirst whether the choice stands only if the device's rts JSON loader passes the
 *     registration probe: run the probe, then decide again with its verdict
 */
public record PolicyDecision(
    Deployment deployment, LaunchStrategy launch, String reason, boolean probeFirst) {
  /** A final decision. */
  public PolicyDecision(Deployment deployment, LaunchStrategy launch, String reason) {
    this(deployment, launch, reason, false);
  }

  public PolicyDecision {
    if (reason.isBlank() || reason.contains("\n")) {
      throw new IllegalArgumentException("the policy reason must be one non-blank line");
    }
  }
}
