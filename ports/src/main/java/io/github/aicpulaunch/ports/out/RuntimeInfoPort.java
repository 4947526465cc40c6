package io.github.aicpulaunch.ports.out;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * Runtime information and availability. Availability is state, never a crash: a backend whose
 * library is missing answers {@link #isAvailable()} false and says why.
 */
public interface RuntimeInfoPort {
  /** Whether the backend can be used at all on this machine. */
  boolean isAvailable();

  /** Why it cannot, when {@link #isAvailable()} is false. */
  Optional<String> unavailabilityCause();

  /**
   * Version, SoC, architecture and capabilities.
   *
   * @throws IllegalStateException when the backend is not available
   */
  RuntimeInfo info();

  /**
   * The driver-visible (physical) id of a logical device, when the runtime can tell it (F3b, F26).
   * Paired dies of one chip have distinct physical ids.
   */
  OptionalInt physicalDeviceId(int logicalDevice);

  /** {@code aclGetRecentErrMsg} for the calling thread, if the runtime offers one. */
  Optional<String> recentErrorMessage();
}
