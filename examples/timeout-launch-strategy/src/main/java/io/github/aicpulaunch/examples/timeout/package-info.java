/**
 * A launch strategy written the way an extension team would write one, in its own module: {@link
 * TimeoutLaunchStrategy} decorates rts-json with a launch timeout, {@link TimeoutStrategyModule}
 * contributes it into the strategy map as {@code rts-json-timeout}, and {@link
 * TimeoutExampleComponent} wires it. The strategy uses aicpu-launch only through the ports and
 * {@code domain.spi}; the module test applies the architecture rules to prove it.
 */
@NullMarked
package io.github.aicpulaunch.examples.timeout;

import org.jspecify.annotations.NullMarked;
