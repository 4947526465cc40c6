package io.github.aicpulaunch.examples.timeout;

import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;

/**
 * Contributes {@link TimeoutLaunchStrategy} into the strategy map under {@value
 * TimeoutLaunchStrategy#NAME}, wrapping the built-in rts-json strategy. This module is wiring: it
 * may name the built-in class it decorates; the strategy itself sees only the SPI.
 */
@Module
public final class TimeoutStrategyModule {
  private TimeoutStrategyModule() {}

  @Provides
  @IntoMap
  @StringKey(TimeoutLaunchStrategy.NAME)
  static LaunchStrategy rtsJsonWithTimeout(
      RtsJsonLaunch rtsJson, @LaunchTimeoutSeconds int timeoutSeconds) {
    return new TimeoutLaunchStrategy(rtsJson, timeoutSeconds);
  }
}
