package io.github.aicpulaunch.ports.in;

import java.util.List;

/**
 * What a session did to get its runtime onto the device.
 *
 * @param device logical device id
 * @param fingerprint the runtime SO's fingerprint, 16 lower-case hex digits
 * @param fingerprintSource how it was derived: {@code "build-id"} or {@code "fnv1a-64"}
 * @param preinstallName basename of the runtime SO in the device's preinstall directory
 * @param deployment the deployment strategy used
 * @param launch the per-task launch strategy used
 * @param policyReason why the policy chose these, in one line
 * @param entries the registered entry points
 */
public record SessionInfo(
    int device,
    String fingerprint,
    String fingerprintSource,
    String preinstallName,
    String deployment,
    String launch,
    String policyReason,
    List<String> entries) {
  public SessionInfo {
    entries = List.copyOf(entries);
  }
}
