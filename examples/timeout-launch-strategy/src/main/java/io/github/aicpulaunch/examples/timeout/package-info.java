/**
 * A launch strategy written the way an extension team would write one, in its own project: {@link
 * TimeoutLaunchStrategy} decorates the built-in rts-json with a launch timeout. It reaches
 * aicpu-launch only through public routes: the built-in comes by name from {@code
 * domain.spi.BuiltInStrategies}; an application installs the strategy with {@code
 * AicpuLaunch.builder().strategy(..)}, or with {@link TimeoutStrategyModule} in its own component
 * ({@link TimeoutExampleComponent}, built from aicpu-launch's {@code SimBackendModule}) wrapped by
 * {@code AicpuLaunch.of(..)}. The strategy itself uses only the ports and {@code domain.spi}; the
 * project's architecture test applies aicpu-launch's rules to prove it.
 */
@NullMarked
package io.github.aicpulaunch.examples.timeout;

import org.jspecify.annotations.NullMarked;
