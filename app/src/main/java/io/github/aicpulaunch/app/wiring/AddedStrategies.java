package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Strategies and deployments added when a backend is created rather than compiled into a Dagger
 * module: what {@link io.github.aicpulaunch.app.AicpuLaunch#builder()} collects. Each is a factory
 * that receives the built-ins, so an addition can decorate one; {@link InstalledStrategies} calls
 * each factory once, when the backend's strategies are first needed.
 *
 * @param launchStrategies factories by the name users select the strategy with
 * @param deployments factories by the name users select the deployment with
 */
public record AddedStrategies(
    Map<String, Function<BuiltInStrategies, LaunchStrategy>> launchStrategies,
    Map<String, Function<BuiltInStrategies, Deployment>> deployments) {

  /** Copies both maps, keeping their order. */
  public AddedStrategies {
    launchStrategies = Collections.unmodifiableMap(new LinkedHashMap<>(launchStrategies));
    deployments = Collections.unmodifiableMap(new LinkedHashMap<>(deployments));
  }

  /** Nothing added. */
  public static AddedStrategies none() {
    return new AddedStrategies(Map.of(), Map.of());
  }
}
