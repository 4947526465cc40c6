package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** {@link BuiltInStrategies} over the {@link BuiltIn} maps of {@link StrategiesModule}. */
final class BuiltInLookup implements BuiltInStrategies {
  private final Map<String, LaunchStrategy> launchStrategies;
  private final Map<String, Deployment> deployments;

  BuiltInLookup(Map<String, LaunchStrategy> launchStrategies, Map<String, Deployment> deployments) {
    this.launchStrategies = Collections.unmodifiableMap(new TreeMap<>(launchStrategies));
    this.deployments = Collections.unmodifiableMap(new TreeMap<>(deployments));
  }

  @Override
  public LaunchStrategy launchStrategy(String name) {
    return find(launchStrategies, "launch strategy", name);
  }

  @Override
  public Deployment deployment(String name) {
    return find(deployments, "deployment", name);
  }

  @Override
  public Set<String> launchStrategyNames() {
    return launchStrategies.keySet();
  }

  @Override
  public Set<String> deploymentNames() {
    return deployments.keySet();
  }

  private static <T> T find(Map<String, T> byName, String kind, String name) {
    T found = byName.get(name);
    if (found == null) {
      throw new IllegalArgumentException(
          "aicpu-launch has no built-in "
              + kind
              + " \""
              + name
              + "\"; delegate to one of its built-ins: "
              + String.join(", ", byName.keySet()));
    }
    return found;
  }
}
