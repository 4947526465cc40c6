package io.github.aicpulaunch.domain.session;

import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DIRECT_AICPU;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DISPATCHER_UPLOAD;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DISPATCH_THROUGH;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.LEGACY_KFC;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.RTS_JSON;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.inject.Inject;

/**
 * Picks the deployment and the launch strategy for a session, before anything touches the device,
 * and explains the choice in one line.
 *
 * <p>Rules, in order:
 *
 * <ol>
 *   <li>A named deployment or launch strategy is used as named, or refused with the reason and the
 *       way out when it cannot work (unknown name, missing capability, incompatible pair).
 *   <li>The deployment defaults to {@code dispatcher-upload}.
 *   <li>When this process already drives another runtime SO on the device, the launch defaults to
 *       {@code dispatch-through}: the dispatcher stays the only SO CANN's KFC library loads.
 *   <li>Otherwise {@code rts-json}, unless it refuses (no rts API) or the device's rts JSON loader
 *       refused the registration probe (107000, as on the seed issue's CANN 8.5.0), then {@code
 *       direct-aicpu}, then {@code legacy-kfc} (the only launch that pairs with the {@code
 *       legacy-kfc} deployment). A default that {@linkplain LaunchStrategy#needsJsonLoader needs
 *       the loader} on a device not probed yet in this process comes back {@linkplain
 *       PolicyDecision#probeFirst pending the probe}; the caller probes and asks again. The CANN
 *       version decides nothing here: a version known for a broken loader is only named in the
 *       reason.
 *   <li>A launch strategy the user names is attempted even when the probe or the version says it
 *       may fail; the reason states that known risk. Only what cannot be attempted at all (a
 *       missing C function, an incompatible deployment) is refused.
 *   <li>Strategies that are {@linkplain LaunchStrategy#explicitOnly() explicit-only} ({@code
 *       custom-kernel}) are never picked automatically.
 *   <li>A deployment whose KFC latch conflicts with the SO the device already latched in this
 *       process is refused (F1).
 * </ol>
 *
 * <p>Stateless apart from its strategy maps; thread-safe.
 */
public final class LaunchPolicy {
  private final Map<String, Deployment> deployments;
  private final Map<String, LaunchStrategy> launches;
  private final BootstrapRegistry registry;

  @Inject
  public LaunchPolicy(
      Map<String, Deployment> deployments,
      Map<String, LaunchStrategy> launches,
      BootstrapRegistry registry) {
    this.deployments = new TreeMap<>(deployments);
    this.launches = new TreeMap<>(launches);
    this.registry = registry;
  }

  /**
   * Decides, or refuses before any device call.
   *
   * @throws InvalidRequestException with the reason and the way out when no choice can work
   */
  public PolicyDecision decide(RuntimeInfo runtime, RuntimeImage image, PolicyRequest request) {
    String where = where(runtime);
    Deployment deployment = chooseDeployment(runtime, request);
    Optional<KfcLatch> latch = deployment.latch(image);
    if (latch.isPresent()
        && registry.latchRefusal(request.physicalDevice(), latch.get()).isPresent()) {
      throw registry.latchConflict(request.physicalDevice(), latch.get());
    }
    String deploymentPart =
        "deployment "
            + deployment.name()
            + (request.deployment().isPresent() ? " (requested)" : " (default)");
    if (request.launch().isPresent()) {
      LaunchStrategy launch = explicitLaunch(runtime, deployment, image, request);
      Optional<String> risk = knownRisk(launch, runtime, request.jsonLoader());
      return new PolicyDecision(
          deployment,
          launch,
          reason(
              deploymentPart,
              launch,
              "(requested" + risk.map(r -> "; known risk: " + r).orElse("") + ")",
              where));
    }
    List<String> skipped = new ArrayList<>();
    for (String candidate : candidates(request)) {
      LaunchStrategy launch = launches.get(candidate);
      if (launch == null) {
        skipped.add(candidate + " is not installed");
        continue;
      }
      Optional<String> refusal = launch.refusal(runtime, deployment, image);
      if (refusal.isPresent()) {
        skipped.add(candidate + " refused: " + oneLine(refusal.get()));
        continue;
      }
      if (launch.needsJsonLoader() && request.jsonLoader().isEmpty()) {
        return new PolicyDecision(
            deployment,
            launch,
            reason(
                deploymentPart,
                launch,
                "if the registration probe on physical device "
                    + request.physicalDevice()
                    + " passes",
                where),
            true);
      }
      Optional<String> evidence = loaderRefusal(launch, runtime, request.jsonLoader());
      if (evidence.isPresent()) {
        skipped.add(candidate + " refused: " + evidence.get());
        continue;
      }
      return new PolicyDecision(
          deployment,
          launch,
          reason(deploymentPart, launch, "(" + why(launch, request, skipped) + ")", where));
    }
    String message =
        "No launch strategy can work with deployment "
            + deployment.name()
            + " "
            + where
            + ": "
            + String.join("; ", skipped)
            + ".";
    Optional<LaunchStrategy> entryBound =
        entriesRefused(candidates(request), deployment, runtime, image);
    if (entryBound.isPresent()) {
      throw entriesRefusal(message, entryBound.get());
    }
    throw new InvalidRequestException(
        message,
        "Name a launch strategy (OpenSessionCommand's launch; installed: "
            + String.join(", ", launches.keySet())
            + ") or another deployment (installed: "
            + String.join(", ", deployments.keySet())
            + ").",
        "Pass --launch (installed: "
            + String.join(", ", launches.keySet())
            + ") or another --deploy (installed: "
            + String.join(", ", deployments.keySet())
            + ").");
  }

  /**
   * The first of {@code names} refused only because of the entries the session declares: it can
   * launch just {@link LaunchStrategy#onlyEntries()}.
   */
  private Optional<LaunchStrategy> entriesRefused(
      List<String> names, Deployment deployment, RuntimeInfo runtime, RuntimeImage image) {
    for (String name : names) {
      LaunchStrategy launch = launches.get(name);
      if (launch != null
          && !launch.onlyEntries().isEmpty()
          && !launch.onlyEntries().equals(image.symbols())
          && launch.refusal(runtime, deployment).isEmpty()) {
        return Optional.of(launch);
      }
    }
    return Optional.empty();
  }

  private static InvalidRequestException entriesRefusal(String message, LaunchStrategy launch) {
    String entries = String.join(",", launch.onlyEntries());
    return new InvalidRequestException(
        message,
        "To launch through "
            + launch.name()
            + ", declare exactly "
            + String.join(", ", launch.onlyEntries())
            + " (OpenSessionCommand entries).",
        "To launch through "
            + launch.name()
            + ", run with --declare "
            + entries
            + " --entry "
            + launch.onlyEntries().get(0)
            + ".");
  }

  private Deployment chooseDeployment(RuntimeInfo runtime, PolicyRequest request) {
    String name = request.deployment().orElse(DISPATCHER_UPLOAD);
    Deployment deployment = deployments.get(name);
    if (deployment == null) {
      throw new InvalidRequestException(
          "Unknown deployment '" + name + "'.",
          "Choose one of: " + String.join(", ", deployments.keySet()) + ".",
          "Pass --deploy with one of: " + String.join(", ", deployments.keySet()) + ".");
    }
    Optional<String> refusal = deployment.refusal(runtime);
    if (refusal.isPresent()) {
      throw new InvalidRequestException(
          "Deployment '"
              + name
              + "' cannot work "
              + where(runtime)
              + ": "
              + oneLine(refusal.get())
              + ".",
          request.deployment().isPresent()
              ? "Choose another deployment (installed: "
                  + String.join(", ", deployments.keySet())
                  + ") or leave it unset."
              : "If an administrator installed the SO on the device, ask for the preinstalled"
                  + " deployment (OpenSessionCommand's deployment).",
          request.deployment().isPresent()
              ? "Pass another --deploy (installed: "
                  + String.join(", ", deployments.keySet())
                  + ") or leave it out."
              : "If an administrator installed the SO on the device, run with --deploy"
                  + " preinstalled.");
    }
    return deployment;
  }

  private LaunchStrategy explicitLaunch(
      RuntimeInfo runtime, Deployment deployment, RuntimeImage image, PolicyRequest request) {
    String name = request.launch().orElseThrow();
    LaunchStrategy launch = launches.get(name);
    if (launch == null) {
      throw new InvalidRequestException(
          "Unknown launch strategy '" + name + "'.",
          "Choose one of: " + String.join(", ", launches.keySet()) + ".",
          "Pass --launch with one of: " + String.join(", ", launches.keySet()) + ".");
    }
    Optional<String> refusal = launch.refusal(runtime, deployment, image);
    if (refusal.isEmpty()) {
      return launch;
    }
    String message =
        "Launch strategy '"
            + name
            + "' cannot work with deployment "
            + deployment.name()
            + " "
            + where(runtime)
            + ": "
            + oneLine(refusal.get())
            + ".";
    if (entriesRefused(List.of(name), deployment, runtime, image).isPresent()) {
      throw entriesRefusal(message, launch);
    }
    String alternative = automaticChoice(runtime, deployment, image, request);
    String installed = String.join(", ", launches.keySet());
    throw alternative.isEmpty()
        ? new InvalidRequestException(
            message,
            "Choose another launch strategy (installed: " + installed + ").",
            "Pass another --launch (installed: " + installed + ").")
        : new InvalidRequestException(
            message,
            "Leave the launch strategy unset and the policy will use "
                + alternative
                + " here, or name "
                + alternative
                + " explicitly.",
            "Leave --launch out and the policy will use "
                + alternative
                + " here, or pass --launch "
                + alternative
                + ".");
  }

  private String automaticChoice(
      RuntimeInfo runtime, Deployment deployment, RuntimeImage image, PolicyRequest request) {
    for (String candidate : candidates(request)) {
      LaunchStrategy launch = launches.get(candidate);
      if (launch != null
          && launch.refusal(runtime, deployment, image).isEmpty()
          && loaderRefusal(launch, runtime, request.jsonLoader()).isEmpty()) {
        return candidate;
      }
    }
    return "";
  }

  private static List<String> candidates(PolicyRequest request) {
    return request.otherRuntimesOnDevice() > 0
        ? List.of(DISPATCH_THROUGH, RTS_JSON, DIRECT_AICPU, LEGACY_KFC)
        : List.of(RTS_JSON, DIRECT_AICPU, LEGACY_KFC);
  }

  /** "deployment X (default), launch Y (why) on CANN V (backend)". */
  private static String reason(
      String deploymentPart, LaunchStrategy launch, String why, String where) {
    return deploymentPart + ", launch " + launch.name() + " " + why + " " + where;
  }

  private static String why(LaunchStrategy chosen, PolicyRequest request, List<String> skipped) {
    List<String> parts = new ArrayList<>(skipped);
    if (chosen.name().equals(DISPATCH_THROUGH)) {
      parts.add(
          request.otherRuntimesOnDevice()
              + " other runtime(s) already on physical device "
              + request.physicalDevice()
              + " in this process");
    } else if (parts.isEmpty()) {
      parts.add("default");
    }
    if (chosen.needsJsonLoader()) {
      request.jsonLoader().ifPresent(v -> parts.add(v.describe()));
    }
    return String.join("; ", parts);
  }

  /**
   * Why the policy would not pick {@code launch} on its own given what the registration probe
   * found, or empty: a strategy that registers through the rts JSON loader is skipped where the
   * loader refused the probe. Makes no device call.
   */
  public Optional<String> loaderRefusal(
      LaunchStrategy launch, RuntimeInfo runtime, Optional<JsonLoaderVerdict> verdict) {
    if (!launch.needsJsonLoader() || verdict.isEmpty() || verdict.get().accepted()) {
      return Optional.empty();
    }
    return Optional.of(
        verdict.get().describe() + versionHint(runtime).map(h -> ", " + h).orElse(""));
  }

  /**
   * As {@link #loaderRefusal(LaunchStrategy, RuntimeInfo, Optional)}, with whatever the device's
   * registration probe found in this process (nothing when it has not run). Makes no device call.
   */
  public Optional<String> loaderRefusal(
      LaunchStrategy launch, RuntimeInfo runtime, int physicalDevice) {
    return loaderRefusal(launch, runtime, registry.jsonLoaderVerdict(physicalDevice));
  }

  /**
   * What is known to make {@code launch} fail here although it can be attempted: the device's probe
   * verdict, or else the version hint. Empty when nothing is known.
   */
  private Optional<String> knownRisk(
      LaunchStrategy launch, RuntimeInfo runtime, Optional<JsonLoaderVerdict> verdict) {
    if (!launch.needsJsonLoader()) {
      return Optional.empty();
    }
    Optional<String> refused = loaderRefusal(launch, runtime, verdict);
    if (refused.isPresent()) {
      return refused;
    }
    if (verdict.isPresent()) {
      return Optional.empty();
    }
    return versionHint(runtime)
        .map(h -> "its rts JSON loader was not probed in this process, and " + h);
  }

  /**
   * The one use of the CANN version in the policy: a hint, in words, that this version was reported
   * with a broken rts JSON loader (the seed issue's CANN 8.5.0).
   */
  private static Optional<String> versionHint(RuntimeInfo runtime) {
    return runtime.version().major() == 8 && runtime.version().minor() == 5
        ? Optional.of("as reported for CANN 8.5.x (the seed issue: 107000 to every descriptor)")
        : Optional.empty();
  }

  private static String where(RuntimeInfo runtime) {
    return "on CANN " + runtime.version() + " (" + runtime.backend() + ")";
  }

  private static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }
}
