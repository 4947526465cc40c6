package io.github.aicpulaunch.examples.timeout;

import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Another strategy with a launch timeout: every launch of the sessions it prepares carries {@code
 * RT_LAUNCH_KERNEL_ATTR_TIMEOUT} ({@link LaunchConfig#ATTR_TIMEOUT}, a u16 number of seconds) in
 * its launch configuration. A timeout the session already had ({@code ATTR_TIMEOUT} or {@code
 * ATTR_TIMEOUT_US}) is dropped, so CANN sees exactly one timeout. Everything else — refusal,
 * registration, the launcher and its lifecycle — is the delegate's.
 *
 * <p>Stateless beyond its constructor arguments, so thread-safe like the strategies it wraps.
 */
public final class TimeoutLaunchStrategy implements LaunchStrategy {
  /** The name users select it by. */
  public static final String NAME = "rts-json-timeout";

  /** The attribute's value is a C {@code uint16_t}. */
  static final int MAX_TIMEOUT_SECONDS = 0xFFFF;

  private static final Logger log = LoggerFactory.getLogger(TimeoutLaunchStrategy.class);

  private final LaunchStrategy delegate;
  private final int timeoutSeconds;

  /**
   * @param delegate the strategy that does the work, normally rts-json
   * @param timeoutSeconds the launch timeout, 1..65535 seconds
   * @throws IllegalArgumentException if the timeout does not fit the attribute
   */
  public TimeoutLaunchStrategy(LaunchStrategy delegate, int timeoutSeconds) {
    if (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS) {
      throw new IllegalArgumentException(
          NAME
              + ": the launch timeout is a u16 number of seconds, 1.."
              + MAX_TIMEOUT_SECONDS
              + ", was "
              + timeoutSeconds
              + "; pass a value in range, or use "
              + delegate.name()
              + " for CANN's default timeout");
    }
    this.delegate = delegate;
    this.timeoutSeconds = timeoutSeconds;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean explicitOnly() {
    // The policy must not add a timeout nobody asked for.
    return true;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    return delegate.refusal(runtime, deployment);
  }

  /** Registers as the delegate does, so the policy weighs the same registration probe. */
  @Override
  public boolean needsJsonLoader() {
    return delegate.needsJsonLoader();
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    log.info(
        "{}: device {} launches through {} with a {} s launch timeout",
        NAME,
        context.logicalDevice(),
        delegate.name(),
        timeoutSeconds);
    return delegate.prepare(
        new LaunchContext(
            context.ports(),
            context.logicalDevice(),
            context.physicalDevice(),
            context.stream(),
            context.image(),
            context.residence(),
            context.descriptorPaths(),
            context.timeouts(),
            withTimeout(context.launchConfig())));
  }

  private LaunchConfig withTimeout(LaunchConfig config) {
    List<LaunchConfig.Attribute> attributes = new ArrayList<>();
    for (LaunchConfig.Attribute attribute : config.attributes()) {
      if (attribute.id() != LaunchConfig.ATTR_TIMEOUT
          && attribute.id() != LaunchConfig.ATTR_TIMEOUT_US) {
        attributes.add(attribute);
      }
    }
    attributes.add(new LaunchConfig.Attribute(LaunchConfig.ATTR_TIMEOUT, timeoutSeconds));
    return new LaunchConfig(attributes);
  }
}
