package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CANN backend: every {@code ports.out} interface over CANN's {@code libascendcl.so} and {@code
 * libruntime.so}. Create it with {@link #load}; a machine without CANN gives an adapter that says
 * so ({@link #isAvailable()}, {@link #unavailabilityCause()}) instead of failing.
 *
 * <p>Lifecycle: the libraries stay loaded for the life of the JVM (CANN cannot be unloaded safely).
 * The ports are thread-safe; CANN binds a device to the calling thread, which the ports handle
 * (F25, see {@link io.github.aicpulaunch.ports.out.DeviceControlPort#setDevice}).
 *
 * <p>Per-launch cost: {@code rtsLaunchCpuKernel} and {@code rtAicpuKernelLaunchExWithArgs} are
 * direct-mapped and write into per-thread native buffers that are reused, so a launch allocates
 * nothing on the Java heap once the thread has made its first one. The direct mappings bind to the
 * first CANN installation the process loads; a different installation is then unavailable, with
 * that cause (one process serves one CANN).
 */
public final class CannAdapter {
  private static final Logger log = LoggerFactory.getLogger(CannAdapter.class);

  /** {@code ACL_PKG_VERSION_MAX_SIZE}. */
  private static final int VERSION_BUFFER = 128;

  private static final CannVersion UNKNOWN_VERSION = new CannVersion(0, 0, 0, "unknown");

  private final CannReport report;
  private final @Nullable CannPorts ports;

  private CannAdapter(CannReport report, @Nullable CannPorts ports) {
    this.report = report;
    this.ports = ports;
  }

  /** Looks for CANN as {@code options} say and binds it; never throws for a missing CANN. */
  public static CannAdapter load(CannOptions options) {
    return load(options, System.getenv(), System.getProperty("jna.library.path"));
  }

  static CannAdapter load(CannOptions options, Map<String, String> env, @Nullable String jnaPath) {
    LibraryLocator.Result found = LibraryLocator.locate(options, env, jnaPath);
    if (!found.complete()) {
      List<String> missing =
          found.acl().isEmpty() && found.runtime().isEmpty()
              ? List.of(LibraryLocator.ACL, LibraryLocator.RUNTIME)
              : List.of(found.acl().isEmpty() ? LibraryLocator.ACL : LibraryLocator.RUNTIME);
      return unavailable(
          found,
          String.join(" and ", missing) + " not found; searched " + found.searched(),
          List.of());
    }
    if (found.conflict().isPresent()) {
      return unavailable(found, found.conflict().get(), List.of());
    }
    Path aclPath = found.acl().orElseThrow();
    Path runtimePath = found.runtime().orElseThrow();
    NativeCann cann;
    try {
      cann = NativeCann.load(aclPath, runtimePath);
    } catch (UnsatisfiedLinkError e) {
      return unavailable(found, "cannot load CANN's libraries: " + e.getMessage(), List.of());
    }
    List<String> missingRequired = cann.missingRequired();
    if (!missingRequired.isEmpty()) {
      return unavailable(
          found, "CANN's libraries lack required functions: " + missingRequired, missingRequired);
    }
    return bind(cann, found);
  }

  private static CannAdapter unavailable(
      LibraryLocator.Result found, String cause, List<String> missing) {
    log.debug("CANN backend unavailable: {}", cause);
    return new CannAdapter(
        new CannReport(
            Optional.of(cause),
            found.acl(),
            found.runtime(),
            found.searched(),
            Optional.empty(),
            "not loaded",
            "unknown",
            Set.of(),
            Optional.empty(),
            "not loaded",
            missing),
        null);
  }

  private static CannAdapter bind(NativeCann cann, LibraryLocator.Result found) {
    Optional<VersionFiles.Found> version =
        versionFromApi(cann)
            .or(() -> VersionFiles.read(LibraryLocator.versionDirs(cann.runtimePath)));
    AicpuArgsLayout layout;
    String layoutReason;
    if (version.isPresent()) {
      CannVersion v = version.get().version();
      layout = AicpuArgsLayout.forVersion(v.major(), v.minor());
      layoutReason =
          layout == AicpuArgsLayout.V48
              ? "CANN " + v + " is 8.5.0 or later"
              : "CANN " + v + " is older than 8.5.0";
    } else {
      layout = AicpuArgsLayout.V48;
      layoutReason = "version unknown; assumed 8.5.0 or later";
    }
    Set<Capability> capabilities = capabilities(cann);
    Optional<String> otherInstallation = DirectNatives.bind(cann);
    if (otherInstallation.isPresent()) {
      return unavailable(found, otherInstallation.get(), List.of());
    }
    String soc = socName(cann);
    CannReport report =
        new CannReport(
            Optional.empty(),
            Optional.of(cann.aclPath),
            Optional.of(cann.runtimePath),
            found.searched(),
            version.map(VersionFiles.Found::version),
            version
                .map(VersionFiles.Found::source)
                .orElse("no aclsysGetVersionStr, no version.info beside " + cann.runtimePath),
            soc,
            capabilities,
            Optional.of(layout),
            layoutReason,
            cann.missingOptional());
    RuntimeInfo info =
        new RuntimeInfo(
            "cann",
            version.map(VersionFiles.Found::version).orElse(UNKNOWN_VERSION),
            soc,
            DeviceArch.AARCH64,
            capabilities,
            "CANN "
                + version.map(f -> f.version().text()).orElse("unknown")
                + " at "
                + cann.runtimePath.getParent()
                + ", rtAicpuArgsEx_t "
                + layout.size()
                + " B");
    CannDevicePorts devices = new CannDevicePorts(cann, new ThreadAttach(), () -> info);
    CannLaunchPorts launches = new CannLaunchPorts(cann, devices, layout);
    log.info("CANN backend loaded: {}", info.description());
    return new CannAdapter(
        report, new CannPorts(devices, devices, devices, devices, launches, launches, launches));
  }

  private static Optional<VersionFiles.Found> versionFromApi(NativeCann cann) {
    if (!cann.has("aclsysGetVersionStr")) {
      return Optional.empty();
    }
    byte[] buffer = new byte[VERSION_BUFFER];
    if (cann.acl.aclsysGetVersionStr("runtime", buffer) != 0) {
      return Optional.empty();
    }
    int end = 0;
    while (end < buffer.length && buffer[end] != 0) {
      end++;
    }
    return VersionFiles.parseText(new String(buffer, 0, end, StandardCharsets.UTF_8))
        .map(v -> new VersionFiles.Found(v, "aclsysGetVersionStr(\"runtime\")"));
  }

  private static String socName(NativeCann cann) {
    String soc = cann.has("aclrtGetSocName") ? cann.acl.aclrtGetSocName() : null;
    return soc == null || soc.isBlank() ? "unknown" : soc.strip();
  }

  /**
   * Capabilities from the exported symbols, whatever the version: whether the rts JSON loader works
   * is for the registration probe to find out.
   */
  static Set<Capability> capabilities(NativeCann cann) {
    Set<Capability> caps = EnumSet.noneOf(Capability.class);
    if (cann.has("rtAicpuKernelLaunchExWithArgs")) {
      caps.add(Capability.AICPU_KERNEL_LAUNCH_EX);
      caps.add(Capability.CUSTOM_KERNEL);
    }
    boolean rtsLoad =
        cann.has("rtsBinaryLoadFromFile")
            && cann.has("rtsFuncGetByName")
            && cann.has("rtsBinaryUnload");
    if (rtsLoad) {
      caps.add(Capability.RTS_BINARY_LOAD);
    }
    if (cann.has("rtsLaunchCpuKernel")) {
      caps.add(Capability.RTS_LAUNCH_CPU_KERNEL);
    }
    if (cann.has("aclrtSynchronizeStreamWithTimeout")) {
      caps.add(Capability.STREAM_SYNC_WITH_TIMEOUT);
    }
    if (cann.has("aclrtSetOpExecuteTimeOutV2")) {
      caps.add(Capability.OP_EXECUTE_TIMEOUT);
    }
    if (cann.has("aclrtResetDeviceForce")) {
      caps.add(Capability.FORCE_RESET);
    }
    if (cann.has("aclGetRecentErrMsg")) {
      caps.add(Capability.RECENT_ERROR_MESSAGE);
    }
    return caps;
  }

  /** Whether CANN's libraries were found, loaded and export every required function. */
  public boolean isAvailable() {
    return ports != null;
  }

  /** Why the backend cannot be used, when {@link #isAvailable()} is false. */
  public Optional<String> unavailabilityCause() {
    return report.unavailabilityCause();
  }

  /**
   * The backend's implementation of every out-port.
   *
   * @throws CannUnavailableException when {@link #isAvailable()} is false, with the cause
   */
  public CannPorts ports() {
    if (ports == null) {
      throw new CannUnavailableException(report.unavailabilityCause().orElse("unknown"));
    }
    return ports;
  }

  /** Library paths, version, SoC, capabilities and the chosen argument layout. */
  public CannReport report() {
    return report;
  }

  @Override
  public String toString() {
    return report.describe();
  }
}
