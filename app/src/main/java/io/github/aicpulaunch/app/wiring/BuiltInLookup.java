package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** {@link BuiltInStrategies} over the {@link BuiltIn} maps of {@link StrategiesModule}. */
final class BuiltInLookup implements BuiltInStrategies {
  private final Map<String, LaunchStrategy> launchStrategies;
  private final Map<String, Deployment> deployments;

  BuiltInLookup(Map<String, LaunchStrategy> launchStrategies, Map<String, Deployment> deployments) {
    this.launchStrategies = checked(launchStrategies, LAUNCH_STRATEGIES, "launch strategies");
    this.deployments = checked(deployments, DEPLOYMENTS, "deployments");
  }

  /** The wired built-ins, sorted by name, once their one list is checked to name exactly them. */
  private static <T> Map<String, T> checked(Map<String, T> wired, List<String> names, String kind) {
    if (!wired.keySet().equals(Set.copyOf(names))) {
      throw new IllegalStateException(
          "The built-in "
              + kind
              + " wired by StrategiesModule are "
              + new TreeSet<>(wired.keySet())
              + " but BuiltInStrategies lists "
              + names
              + "; add the name to the list or the binding to the module, so both agree.");
    }
    return Collections.unmodifiableMap(new TreeMap<>(wired));
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
