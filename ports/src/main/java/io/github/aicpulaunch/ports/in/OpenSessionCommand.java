package io.github.aicpulaunch.ports.in;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Open a session: one runtime SO on one device, with the entry points the caller will launch.
 *
 * @param device logical device id
 * @param runtimeSo the runtime SO on the host filesystem
 * @param entries the exported entry points to register, in order; every one must resolve (F9)
 * @param deployment a deployment strategy name, or null for the policy's choice
 * @param launch a per-task launch strategy name, or null for the policy's choice
 * @param timeouts the timeout chain, validated at open
 */
public record OpenSessionCommand(
    int device,
    Path runtimeSo,
    List<String> entries,
    @Nullable String deployment,
    @Nullable String launch,
    TimeoutChain timeouts) {
  /** The entries every runtime SO exports (PROTOCOL §3.2). */
  public static final List<String> DEFAULT_ENTRIES =
      List.of("simpler_aicpu_exec", "simpler_aicpu_init");

  /** A C identifier, which is also within CANN's SO/kernel name pattern. */
  private static final Pattern ENTRY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

  public OpenSessionCommand {
    if (device < 0) {
      throw new IllegalArgumentException("device id must be >= 0, was " + device);
    }
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("declare at least one entry point");
    }
    HashSet<String> seen = new HashSet<>();
    for (String e : entries) {
      if (!ENTRY.matcher(e).matches()) {
        throw new IllegalArgumentException(
            "entry '" + e + "' is not a C identifier of at most 128 characters");
      }
      if (!seen.add(e)) {
        throw new IllegalArgumentException("entry '" + e + "' is declared twice");
      }
    }
  }

  /** A session with the default entries, strategies chosen by the policy, default timeouts. */
  public static OpenSessionCommand of(int device, Path runtimeSo) {
    return new OpenSessionCommand(
        device, runtimeSo, DEFAULT_ENTRIES, null, null, TimeoutChain.DEFAULT);
  }

  public Optional<String> deploymentName() {
    return Optional.ofNullable(deployment);
  }

  public Optional<String> launchName() {
    return Optional.ofNullable(launch);
  }
}
