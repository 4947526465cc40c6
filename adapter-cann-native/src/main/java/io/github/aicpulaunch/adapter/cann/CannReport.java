package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What loading the CANN backend found, for {@code doctor} and logs.
 *
 * @param unavailabilityCause why the backend cannot be used; empty when it can
 * @param ascendcl the {@code libascendcl.so} found, if any
 * @param runtime the {@code libruntime.so} found, if any
 * @param searched the folders searched, in order
 * @param version the CANN version, when it could be told
 * @param versionSource where the version came from ({@code aclsysGetVersionStr} or a {@code
 *     version.info} path), or why it is unknown
 * @param socName the SoC ({@code aclrtGetSocName}), or {@code "unknown"}
 * @param capabilities what this CANN offers
 * @param argsLayout the {@code rtAicpuArgsEx_t} layout the binding writes, when loaded
 * @param argsLayoutReason why that layout
 * @param missingSymbols optional C functions this CANN lacks
 */
public record CannReport(
    Optional<String> unavailabilityCause,
    Optional<Path> ascendcl,
    Optional<Path> runtime,
    List<Path> searched,
    Optional<CannVersion> version,
    String versionSource,
    String socName,
    Set<Capability> capabilities,
    Optional<AicpuArgsLayout> argsLayout,
    String argsLayoutReason,
    List<String> missingSymbols) {

  public CannReport {
    searched = List.copyOf(searched);
    capabilities = Set.copyOf(capabilities);
    missingSymbols = List.copyOf(missingSymbols);
  }

  public boolean available() {
    return unavailabilityCause.isEmpty();
  }

  /**
   * The cause in one short line: a cause that ends with the folders searched (a library not found)
   * names how many there were instead, since {@link #describe()} lists them on a line of their own
   * and a reason built from this line ("the simulator runs instead") need not repeat them; any
   * other cause as it is. Empty when the backend can be used.
   */
  public Optional<String> headline() {
    String suffix = "; searched " + searched;
    return unavailabilityCause.map(
        c ->
            c.endsWith(suffix)
                ? c.substring(0, c.length() - suffix.length())
                    + " in the "
                    + searched.size()
                    + (searched.size() == 1 ? " folder" : " folders")
                    + " searched"
                : c);
  }

  /** Several lines a person can read; the folders searched appear once. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("CANN backend: ")
        .append(available() ? "available" : "unavailable: " + headline().orElse(""))
        .append('\n');
    sb.append("  libascendcl.so: ").append(ascendcl.map(Path::toString).orElse("not found"));
    sb.append("\n  libruntime.so: ").append(runtime.map(Path::toString).orElse("not found"));
    if (ascendcl.isEmpty() || runtime.isEmpty()) {
      sb.append("\n  searched: ").append(searched);
    }
    sb.append("\n  version: ")
        .append(version.map(CannVersion::text).orElse("unknown"))
        .append(" (")
        .append(versionSource)
        .append(')');
    sb.append("\n  SoC: ").append(socName);
    sb.append("\n  rtAicpuArgsEx_t: ")
        .append(argsLayout.map(l -> l.size() + " B").orElse("-"))
        .append(" (")
        .append(argsLayoutReason)
        .append(')');
    TreeSet<String> caps = new TreeSet<>();
    capabilities.forEach(c -> caps.add(c.name()));
    sb.append("\n  capabilities: ").append(caps);
    if (!missingSymbols.isEmpty()) {
      sb.append("\n  missing: ").append(missingSymbols);
    }
    return sb.toString();
  }
}
