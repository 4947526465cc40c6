package io.github.aicpulaunch.ports.out;

import java.util.Set;

/**
 * What a runtime port reports about itself.
 *
 * @param backend a short name: {@code "sim"} or {@code "cann"}
 * @param version the CANN version (for the simulator, the profile it emulates)
 * @param socName the SoC, e.g. {@code Ascend910_9392}
 * @param deviceArch the architecture device code must be built for
 * @param capabilities what this CANN offers
 * @param description one line a person can read (library paths, profile)
 */
public record RuntimeInfo(
    String backend,
    CannVersion version,
    String socName,
    DeviceArch deviceArch,
    Set<Capability> capabilities,
    String description) {
  public RuntimeInfo {
    capabilities = Set.copyOf(capabilities);
    if (backend.isBlank()) {
      throw new IllegalArgumentException("backend name is empty");
    }
  }

  public boolean has(Capability capability) {
    return capabilities.contains(capability);
  }
}
