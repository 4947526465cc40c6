package io.github.aicpulaunch.examples.timeout;

import dagger.BindsInstance;
import dagger.Component;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.wiring.SimBackendComponent;
import io.github.aicpulaunch.app.wiring.SimBackendModule;
import javax.inject.Singleton;

/**
 * The example's own component: aicpu-launch's simulator backend (one public bundle, {@link
 * SimBackendModule}) with the timeout strategy next to the built-ins. {@code AicpuLaunch.of(..)}
 * wraps it into the facade. A CANN application lists {@code CannBackendModule} instead and extends
 * {@code CannBackendComponent}.
 */
@Singleton
@Component(modules = {SimBackendModule.class, TimeoutStrategyModule.class})
public interface TimeoutExampleComponent extends SimBackendComponent {
  /** Creates the component for one simulator and one launch timeout. */
  @Component.Factory
  interface Factory {
    TimeoutExampleComponent create(
        @BindsInstance SimConfig config, @BindsInstance @LaunchTimeoutSeconds int timeoutSeconds);
  }
}
