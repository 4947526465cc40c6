package io.github.aicpulaunch.app.wiring;

import dagger.Module;

/**
 * Everything the simulator backend needs, in one module: list it (and your extension modules) in
 * your own {@code @Singleton @Component} that extends {@link SimBackendComponent}, and bind a
 * {@link io.github.aicpulaunch.adapter.sim.SimConfig} with {@code @BindsInstance}. Which modules it
 * includes is not part of the API.
 */
@Module(
    includes = {
      SimAdapterModule.class,
      SessionModule.class,
      StrategiesModule.class,
      InstalledStrategiesModule.class,
      DispatcherSoModule.class
    })
public interface SimBackendModule {}
