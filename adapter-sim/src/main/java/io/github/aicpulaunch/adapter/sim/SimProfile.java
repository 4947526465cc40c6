package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The CANN installation the simulator pretends to be. Each profile reports its version and
 * capabilities through the runtime-info port and shapes behaviour where CANN versions differ.
 */
public enum SimProfile {
  /** CANN 8.5.0 on a2a3: the rts JSON loader answers 107000 to every file (the seed issue). */
  CANN_8_5_0("8.5.0", "Ascend910_9392", false, CannError.AICPU_EXCEPTION),
  /** CANN 9.0.0 on a2a3 (Ascend910_93): the supported production target. */
  CANN_9_0_0("9.0.0", "Ascend910_9392", true, CannError.AICPU_EXCEPTION),
  /** CANN 9.1 on a5, where an AICPU op timeout surfaces as 507000. */
  CANN_9_1("9.1.T500", "Ascend950", true, CannError.INTERNAL_ERROR);

  private final CannVersion version;
  private final String socName;
  private final boolean jsonLoaderWorks;
  private final CannError watchdogError;

  SimProfile(String version, String socName, boolean jsonLoaderWorks, CannError watchdogError) {
    this.version = CannVersion.parse(version);
    this.socName = socName;
    this.jsonLoaderWorks = jsonLoaderWorks;
    this.watchdogError = watchdogError;
  }

  /**
   * The profile for a version name: {@code "8.5.0"}, {@code "9.0.0"} or {@code "9.1"}.
   *
   * @throws IllegalArgumentException for any other name
   */
  public static SimProfile of(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    return switch (n) {
      case "8.5.0", "8.5" -> CANN_8_5_0;
      case "9.0.0", "9.0" -> CANN_9_0_0;
      case "9.1", "9.1.0", "9.1.t500" -> CANN_9_1;
      default ->
          throw new IllegalArgumentException(
              "no simulator profile '" + name + "': use 8.5.0, 9.0.0 or 9.1");
    };
  }

  public CannVersion version() {
    return version;
  }

  public String socName() {
    return socName;
  }

  /** Whether {@code rtsBinaryLoadFromFile} accepts a well-formed JSON descriptor. */
  public boolean jsonLoaderWorks() {
    return jsonLoaderWorks;
  }

  /** The code the op-execute watchdog reports for a reaped task, unless the config overrides it. */
  public CannError watchdogError() {
    return watchdogError;
  }

  /**
   * The capabilities this CANN offers: every C function, also where the rts JSON loader refuses
   * descriptors (its functions exist; they answer 107000).
   */
  public Set<Capability> capabilities() {
    return EnumSet.allOf(Capability.class);
  }
}
