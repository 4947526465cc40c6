package io.github.aicpulaunch.app.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import javax.inject.Singleton;

/** The simulator backend's graph. One component, one simulator. */
@Singleton
@Component(modules = SimBackendModule.class)
public interface SimComponent extends SimBackendComponent {
  static SimComponent create(SimConfig config) {
    return create(config, AddedStrategies.none());
  }

  static SimComponent create(SimConfig config, AddedStrategies added) {
    return DaggerSimComponent.factory().create(config, added);
  }

  /** Binds what the simulator simulates and what the facade's builder added. */
  @Component.Factory
  interface Factory {
    SimComponent create(@BindsInstance SimConfig config, @BindsInstance AddedStrategies added);
  }
}
