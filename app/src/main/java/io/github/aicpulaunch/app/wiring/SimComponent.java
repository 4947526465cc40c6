package io.github.aicpulaunch.app.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.Simulator;
import javax.inject.Singleton;

/** The simulator backend's graph. One component, one simulator. */
@Singleton
@Component(
    modules = {
      SimAdapterModule.class,
      SessionModule.class,
      StrategiesModule.class,
      DispatcherSoModule.class
    })
public interface SimComponent extends BackendComponent {
  /** Started on first use; the creator of the component closes it. */
  Simulator simulator();

  static SimComponent create(SimConfig config) {
    return DaggerSimComponent.factory().create(config);
  }

  /** Binds what the simulator simulates. */
  @Component.Factory
  interface Factory {
    SimComponent create(@BindsInstance SimConfig config);
  }
}
