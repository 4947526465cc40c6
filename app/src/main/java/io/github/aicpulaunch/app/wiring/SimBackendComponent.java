package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.adapter.sim.Simulator;

/**
 * A component over the simulator, built from {@link SimBackendModule}: what an application's own
 * {@code @Singleton @Component} extends when it adds extension modules to the simulator backend.
 */
public interface SimBackendComponent extends BackendComponent {
  /** Started on first use; the creator of the component (or the facade wrapping it) closes it. */
  Simulator simulator();
}
