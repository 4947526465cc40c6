package io.github.aicpulaunch.app.cli;

import io.github.aicpulaunch.adapter.sim.SimProfile;
import picocli.CommandLine.Model.CommandSpec;

/** {@code --sim-profile}, for every command that starts a simulator. */
final class SimProfileOption {
  String name = SimProfile.DEFAULT.name();

  /** Declares {@code --sim-profile} in {@code spec}, bound to this object. */
  void addTo(CommandSpec spec) {
    spec.addOption(
        CommandModel.option("--sim-profile", String.class, name, v -> name = v)
            .paramLabel("VERSION|FILE")
            .completionCandidates(new Names.SimProfiles())
            .description(
                "The CANN the simulator emulates: ${COMPLETION-CANDIDATES}, or a profile file"
                    + " written by doctor --json on a card (default: ${DEFAULT-VALUE}).")
            .build());
  }

  /**
   * The profile named, or read from the file named.
   *
   * @throws IllegalArgumentException naming the built-in profiles when it is neither
   */
  SimProfile profile() {
    return SimProfile.of(name);
  }
}
