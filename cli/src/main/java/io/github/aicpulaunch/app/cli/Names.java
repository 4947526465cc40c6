package io.github.aicpulaunch.app.cli;

import io.github.aicpulaunch.adapter.sim.SimProfile;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import java.util.Iterator;

/**
 * The names a user types for {@code --launch}, {@code --deploy} and {@code --sim-profile}, each
 * read from its one source ({@link BuiltInStrategies#LAUNCH_STRATEGIES}, {@link
 * BuiltInStrategies#DEPLOYMENTS}, {@link SimProfile#BUILT_IN}). picocli takes them as completion
 * candidates: the help texts show them through {@code ${COMPLETION-CANDIDATES}} and {@code
 * aicpu-launch completion} completes them.
 */
final class Names {
  private Names() {}

  /** {@link BuiltInStrategies#LAUNCH_STRATEGIES}. */
  static final class LaunchStrategies implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return BuiltInStrategies.LAUNCH_STRATEGIES.iterator();
    }
  }

  /** {@link BuiltInStrategies#DEPLOYMENTS}. */
  static final class Deployments implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return BuiltInStrategies.DEPLOYMENTS.iterator();
    }
  }

  /** The names of {@link SimProfile#BUILT_IN}. */
  static final class SimProfiles implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
      return SimProfile.builtInNames().iterator();
    }
  }
}
