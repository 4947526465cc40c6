package io.github.aicpulaunch.domain.spi;

import java.util.List;
import java.util.Set;

/**
 * The launch strategies and deployments aicpu-launch builds in, by name, so that an extension can
 * decorate one without naming its class: a strategy that adds a launch attribute to {@code
 * rts-json} asks for {@code launchStrategy(BuiltInStrategies.RTS_JSON)} and delegates to it.
 *
 * <p>The application's wiring hands an instance to whatever creates an extension (the facade's
 * builder, or a Dagger {@code @Provides} method that injects it). It holds the built-ins only,
 * never an extension, so no extension can end up wrapping itself. Thread-safe; the strategies it
 * returns are the same instances the policy uses.
 */
public interface BuiltInStrategies {
  /** Upstream's production launch: JSON descriptor, rts binary load, rtsLaunchCpuKernel. */
  String RTS_JSON = "rts-json";

  /** {@code rtAicpuKernelLaunchExWithArgs} by preinstall name and entry, no JSON. */
  String DIRECT_AICPU = "direct-aicpu";

  /** Every launch through the dispatcher's server entry. */
  String DISPATCH_THROUGH = "dispatch-through";

  /** The custom scheduler; explicit opt-in only. */
  String CUSTOM_KERNEL = "custom-kernel";

  /** The pre-migration pair: both a deployment and a launch strategy of this name. */
  String LEGACY_KFC = "legacy-kfc";

  /** The default deployment: one KFC launch that uploads the runtime SO through the dispatcher. */
  String DISPATCHER_UPLOAD = "dispatcher-upload";

  /** A runtime SO an administrator already deployed. */
  String PREINSTALLED = "preinstalled";

  /**
   * Every built-in launch strategy, in the order help texts list them: the one list of their names
   * that the wiring installs, the CLI offers and its help and completion show.
   */
  List<String> LAUNCH_STRATEGIES =
      List.of(RTS_JSON, DIRECT_AICPU, DISPATCH_THROUGH, CUSTOM_KERNEL, LEGACY_KFC);

  /**
   * Every built-in deployment, in the order help texts list them; as {@link #LAUNCH_STRATEGIES}.
   */
  List<String> DEPLOYMENTS = List.of(DISPATCHER_UPLOAD, PREINSTALLED, LEGACY_KFC);

  /**
   * The built-in launch strategy called {@code name}.
   *
   * @throws IllegalArgumentException when no built-in has that name; the message lists them
   */
  LaunchStrategy launchStrategy(String name);

  /**
   * The built-in deployment called {@code name}.
   *
   * @throws IllegalArgumentException when no built-in has that name; the message lists them
   */
  Deployment deployment(String name);

  /** The names of the built-in launch strategies. */
  Set<String> launchStrategyNames();

  /** The names of the built-in deployments. */
  Set<String> deploymentNames();
}
