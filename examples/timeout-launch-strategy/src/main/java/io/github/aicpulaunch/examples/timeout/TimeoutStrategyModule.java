package io.github.aicpulaunch.examples.timeout;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;

/**
 * Contributes {@link TimeoutLaunchStrategy} into the strategy map under {@value
 * TimeoutLaunchStrategy#NAME}, wrapping the built-in rts-json it gets by name from {@link
 * BuiltInStrategies} (which aicpu-launch's backend bundles bind). List it next to a bundle in a
 * component such as {@link TimeoutExampleComponent}.
 */
@Module
public final class TimeoutStrategyModule {
  private TimeoutStrategyModule() {}

  @Provides
  @IntoMap
  @StringKey(TimeoutLaunchStrategy.NAME)
  static LaunchStrategy rtsJsonWithTimeout(
      BuiltInStrategies builtIns, @LaunchTimeoutSeconds int timeoutSeconds) {
    return new TimeoutLaunchStrategy(
        builtIns.launchStrategy(BuiltInStrategies.RTS_JSON), timeoutSeconds);
  }
}
