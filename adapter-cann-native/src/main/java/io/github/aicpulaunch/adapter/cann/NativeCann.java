package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The two loaded CANN libraries, the symbols they export and the translation of return codes.
 * Immutable after construction and safe to share between threads.
 */
final class NativeCann {
  /** Without these the backend is unavailable. */
  static final List<String> REQUIRED_RUNTIME =
      List.of("rtSetDevice", "rtStreamCreate", "rtStreamDestroy");

  static final List<String> REQUIRED_ACL =
      List.of(
          "aclInit",
          "aclFinalize",
          "aclrtResetDevice",
          "aclrtMalloc",
          "aclrtFree",
          "aclrtMemcpy",
          "aclrtSynchronizeStream");

  /** Each turns a capability (or a query) on when present. */
  static final List<String> OPTIONAL_RUNTIME =
      List.of(
          "rtAicpuKernelLaunchExWithArgs",
          "rtsBinaryLoadFromFile",
          "rtsFuncGetByName",
          "rtsBinaryUnload",
          "rtsLaunchCpuKernel",
          "rtGetDevicePhyIdByIndex");

  static final List<String> OPTIONAL_ACL =
      List.of(
          "aclrtSynchronizeStreamWithTimeout",
          "aclrtResetDeviceForce",
          "aclrtSetOpExecuteTimeOutV2",
          "aclrtGetDeviceCount",
          "aclGetRecentErrMsg",
          "aclrtGetSocName",
          "aclsysGetVersionStr");

  final Path aclPath;
  final Path runtimePath;
  final AclLibrary acl;
  final RuntimeLibrary runtime;
  final NativeLibrary runtimeLibrary;
  final NativeLibrary aclLibrary;
  private final Set<String> symbols;

  private NativeCann(
      Path aclPath,
      Path runtimePath,
      AclLibrary acl,
      RuntimeLibrary runtime,
      NativeLibrary runtimeLibrary,
      NativeLibrary aclLibrary,
      Set<String> symbols) {
    this.aclPath = aclPath;
    this.runtimePath = runtimePath;
    this.acl = acl;
    this.runtime = runtime;
    this.runtimeLibrary = runtimeLibrary;
    this.aclLibrary = aclLibrary;
    this.symbols = Set.copyOf(symbols);
  }

  /**
   * Loads both libraries by absolute path, {@code libruntime.so} first so that {@code
   * libascendcl.so}'s dependency on it resolves to the same file.
   *
   * @throws UnsatisfiedLinkError when the dynamic linker refuses a library
   */
  static NativeCann load(Path aclPath, Path runtimePath) {
    NativeLibrary runtimeLib = NativeLibrary.getInstance(runtimePath.toString());
    NativeLibrary aclLib = NativeLibrary.getInstance(aclPath.toString());
    Set<String> found = new LinkedHashSet<>();
    for (List<String> names : List.of(REQUIRED_RUNTIME, OPTIONAL_RUNTIME)) {
      names.stream().filter(n -> exports(runtimeLib, n)).forEach(found::add);
    }
    for (List<String> names : List.of(REQUIRED_ACL, OPTIONAL_ACL)) {
      names.stream().filter(n -> exports(aclLib, n)).forEach(found::add);
    }
    return new NativeCann(
        aclPath,
        runtimePath,
        Native.load(aclPath.toString(), AclLibrary.class),
        Native.load(runtimePath.toString(), RuntimeLibrary.class),
        runtimeLib,
        aclLib,
        found);
  }

  private static boolean exports(NativeLibrary library, String symbol) {
    try {
      library.getFunction(symbol);
      return true;
    } catch (UnsatisfiedLinkError e) {
      return false;
    }
  }

  boolean has(String symbol) {
    return symbols.contains(symbol);
  }

  /** Required symbols that are missing, each with its library. */
  List<String> missingRequired() {
    List<String> missing = new ArrayList<>();
    REQUIRED_RUNTIME.stream()
        .filter(s -> !has(s))
        .map(s -> s + " (" + runtimePath + ")")
        .forEach(missing::add);
    REQUIRED_ACL.stream()
        .filter(s -> !has(s))
        .map(s -> s + " (" + aclPath + ")")
        .forEach(missing::add);
    return missing;
  }

  /** Optional symbols that are missing. */
  List<String> missingOptional() {
    List<String> missing = new ArrayList<>();
    OPTIONAL_RUNTIME.stream().filter(s -> !has(s)).forEach(missing::add);
    OPTIONAL_ACL.stream().filter(s -> !has(s)).forEach(missing::add);
    return missing;
  }

  /**
   * Throws the typed exception for a non-zero {@code rc} of {@code function}, with CANN's recent
   * error message.
   */
  void check(int rc, String function) {
    if (rc != 0) {
      throw CannCallException.of(rc, function, recentErrorMessage());
    }
  }

  /** {@code aclGetRecentErrMsg}, or null when CANN has none or lacks the call. */
  @Nullable String recentErrorMessage() {
    if (!has("aclGetRecentErrMsg")) {
      return null;
    }
    String message = acl.aclGetRecentErrMsg();
    return message == null || message.isBlank() ? null : message.strip();
  }

  /** Refuses a call this CANN does not export, before anything touches the device. */
  void require(String symbol) {
    if (!has(symbol)) {
      String library =
          OPTIONAL_RUNTIME.contains(symbol) ? runtimePath.toString() : aclPath.toString();
      throw new InvalidRequestException(
          symbol + " is not exported by " + library + ", so this CANN cannot do that call.",
          "Choose a launch strategy that does not need it; RuntimeInfo.capabilities()"
              + " (AicpuLaunch.runtimeInfo()) lists what this CANN offers.",
          "Choose a launch strategy that does not need it; `aicpu-launch doctor` lists what this"
              + " CANN offers.");
    }
  }
}
