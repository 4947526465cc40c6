package io.github.aicpulaunch.examples.timeout;

import dagger.BindsInstance;
import dagger.Component;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import java.util.Map;

/** The example's own component: the strategy map with the timeout strategy in it. */
@Component(modules = TimeoutStrategyModule.class)
public interface TimeoutExampleComponent {
  /** The launch strategies by the name users select them with. */
  Map<String, LaunchStrategy> launchStrategies();

  /** Creates the component for one launch timeout. */
  @Component.Factory
  interface Factory {
    TimeoutExampleComponent create(@BindsInstance @LaunchTimeoutSeconds int timeoutSeconds);
  }
}
