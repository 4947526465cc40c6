package io.github.aicpulaunch.app.cli;

import io.github.aicpulaunch.adapter.sim.SimProfile;
import picocli.CommandLine.Option;

/** {@code --sim-profile}, for every command that starts a simulator. */
final class SimProfileOption {
  @Option(
      names = "--sim-profile",
      paramLabel = "VERSION|FILE",
      completionCandidates = Names.SimProfiles.class,
      description =
          "The CANN the simulator emulates: ${COMPLETION-CANDIDATES}, or a profile file written by"
              + " doctor --json on a card (default: ${DEFAULT-VALUE}).")
  String name = SimProfile.DEFAULT.name();

  /**
   * The profile named, or read from the file named.
   *
   * @throws IllegalArgumentException naming the built-in profiles when it is neither
   */
  SimProfile profile() {
    return SimProfile.of(name);
  }
}
