package io.github.aicpulaunch.ports.in;

import io.github.aicpulaunch.ports.InvalidRequestException;
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
      throw new InvalidRequestException(
          "Device id must be >= 0, was " + device + ".",
          "Use a logical id as counted under ASCEND_RT_VISIBLE_DEVICES, from 0.");
    }
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new InvalidRequestException(
          "No entry point was declared.",
          "Declare the entries you will launch, e.g. " + DEFAULT_ENTRIES + ".");
    }
    HashSet<String> seen = new HashSet<>();
    for (String e : entries) {
      if (!ENTRY.matcher(e).matches()) {
        throw new InvalidRequestException(
            "Entry '" + printable(e) + "' is not a C identifier of at most 128 characters.",
            "Declare the exported function's exact name: letters, digits and '_', not starting"
                + " with a digit.");
      }
      if (!seen.add(e)) {
        throw new InvalidRequestException(
            "Entry '" + e + "' is declared twice.", "Declare each entry once.");
      }
    }
  }

  /** The name with control and non-ASCII characters escaped, so an error message stays one line. */
  private static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    s.codePoints()
        .forEach(
            c -> {
              if (c >= 0x20 && c < 0x7f) {
                sb.appendCodePoint(c);
              } else {
                sb.append(String.format("\\u%04x", c));
              }
            });
    return sb.toString();
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
