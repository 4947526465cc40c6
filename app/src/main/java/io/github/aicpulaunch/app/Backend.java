package io.github.aicpulaunch.app;

import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Which backend {@link AicpuLaunch.Builder} builds: the embedded simulator, a CANN installation, or
 * CANN when it is usable and the simulator otherwise. Immutable.
 */
public final class Backend {
  private final @Nullable SimConfig sim;
  private final @Nullable CannOptions cann;

  private Backend(@Nullable SimConfig sim, @Nullable CannOptions cann) {
    this.sim = sim;
    this.cann = cann;
  }

  /** The embedded simulator with the default topology (one chip with two dies, CANN 9.0.0). */
  public static Backend simulator() {
    return simulator(SimConfig.builder().build());
  }

  /** The embedded simulator. */
  public static Backend simulator(SimConfig config) {
    return new Backend(Objects.requireNonNull(config, "config"), null);
  }

  /** The CANN installation {@code options} find. */
  public static Backend cann(CannOptions options) {
    return new Backend(null, Objects.requireNonNull(options, "options"));
  }

  /** CANN when {@code cann} finds a usable installation, otherwise the simulator. */
  public static Backend auto(CannOptions cann, SimConfig sim) {
    return new Backend(Objects.requireNonNull(sim, "sim"), Objects.requireNonNull(cann, "cann"));
  }

  @Nullable SimConfig sim() {
    return sim;
  }

  @Nullable CannOptions cann() {
    return cann;
  }

  @Override
  public String toString() {
    if (cann == null) {
      return "simulator";
    }
    return sim == null ? "cann" : "auto";
  }
}
