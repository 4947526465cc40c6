package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every launch strategy and deployment one backend offers the policy, by name: aicpu-launch's
 * built-ins, those extension modules contribute to the unqualified Dagger maps, and those added to
 * the facade's builder ({@link AddedStrategies}), in that order.
 *
 * <p>An extension is checked as it is installed, so a mistake fails the backend's creation rather
 * than a session: its name must be lower-case words joined by dashes, must not be a built-in's or
 * another extension's, and must be what the extension's own {@code name()} answers (the policy
 * explains its choice by {@code name()}). Immutable.
 */
public final class InstalledStrategies {
  private static final Pattern NAME = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  private final Map<String, LaunchStrategy> launchStrategies;
  private final Map<String, Deployment> deployments;

  InstalledStrategies(
      BuiltInStrategies builtIns,
      Map<String, LaunchStrategy> contributedLaunchStrategies,
      Map<String, Deployment> contributedDeployments,
      AddedStrategies added) {
    this.launchStrategies =
        install(
            "launch strategy",
            builtIns,
            builtIns.launchStrategyNames(),
            builtIns::launchStrategy,
            contributedLaunchStrategies,
            added.launchStrategies(),
            LaunchStrategy::name);
    this.deployments =
        install(
            "deployment",
            builtIns,
            builtIns.deploymentNames(),
            builtIns::deployment,
            contributedDeployments,
            added.deployments(),
            Deployment::name);
  }

  /** Every launch strategy by name. */
  public Map<String, LaunchStrategy> launchStrategies() {
    return launchStrategies;
  }

  /** Every deployment by name. */
  public Map<String, Deployment> deployments() {
    return deployments;
  }

  private static <T> Map<String, T> install(
      String kind,
      BuiltInStrategies builtIns,
      Iterable<String> builtInNames,
      Function<String, T> builtIn,
      Map<String, T> contributed,
      Map<String, Function<BuiltInStrategies, T>> added,
      Function<T, String> nameOf) {
    Map<String, T> all = new LinkedHashMap<>();
    for (String name : builtInNames) {
      all.put(name, builtIn.apply(name));
    }
    Map<String, String> origin = new TreeMap<>();
    for (Map.Entry<String, T> e : new TreeMap<>(contributed).entrySet()) {
      add(all, origin, kind, e.getKey(), e.getValue(), "contributed by a Dagger module", nameOf);
    }
    for (Map.Entry<String, Function<BuiltInStrategies, T>> e : added.entrySet()) {
      T extension = e.getValue().apply(builtIns);
      if (extension == null) {
        throw new IllegalArgumentException(
            "The factory of the "
                + kind
                + " added to AicpuLaunch.builder() as \""
                + e.getKey()
                + "\" returned null; return the "
                + kind
                + " to install.");
      }
      add(all, origin, kind, e.getKey(), extension, "added to AicpuLaunch.builder()", nameOf);
    }
    return Collections.unmodifiableMap(all);
  }

  private static <T> void add(
      Map<String, T> all,
      Map<String, String> origin,
      String kind,
      String name,
      T extension,
      String how,
      Function<T, String> nameOf) {
    String where = "The " + kind + " " + how + " as \"" + name + "\"";
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          where
              + " has a name users cannot type as one word; name it with lower-case letters and"
              + " digits joined by dashes, e.g. rts-json-timeout.");
    }
    if (all.containsKey(name)) {
      String other = origin.get(name);
      throw new IllegalArgumentException(
          where
              + (other == null
                  ? " has the name of a built-in " + kind
                  : " has the name of another " + kind + " " + other)
              + "; give it a name of its own (installed: "
              + String.join(", ", all.keySet())
              + ").");
    }
    String answers = nameOf.apply(extension);
    if (!name.equals(answers)) {
      throw new IllegalArgumentException(
          where
              + " answers name() \""
              + answers
              + "\"; use one name for both, since the policy selects it by the first and"
              + " explains its choice by the second.");
    }
    all.put(name, extension);
    origin.put(name, how);
  }
}
