package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.descriptor.JsonDescriptor;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code rts-json} (Mode B, PROTOCOL §3.3 (c) and (d)): write a JSON descriptor for every declared
 * entry, register it with {@code rtsBinaryLoadFromFile(path, cpuKernelMode 0)}, resolve every entry
 * with {@code rtsFuncGetByName("<entry>_<fp>")} in declaration order, and launch each task with
 * {@code rtsLaunchCpuKernel} on the cached handle, payload as given, no launch attributes.
 *
 * <p>A miss while resolving unloads the binary, deletes the descriptor and fails naming the entry
 * (F9). Needs the rts API and a working JSON loader: CANN 8.5.0's answers 107000 to every file.
 */
public final class RtsJsonLaunch implements LaunchStrategy {
  public static final String NAME = "rts-json";

  @Inject
  public RtsJsonLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    if (!runtime.has(Capability.RTS_BINARY_LOAD)
        || !runtime.has(Capability.RTS_LAUNCH_CPU_KERNEL)) {
      return Optional.of(
          "CANN "
              + runtime.version()
              + " lacks the rts API (rtsBinaryLoadFromFile, rtsFuncGetByName, rtsLaunchCpuKernel)");
    }
    if (!runtime.has(Capability.RTS_JSON_LOADER)) {
      return Optional.of(
          "the rts JSON loader of CANN "
              + runtime.version()
              + " is missing or answers 107000 to a well-formed descriptor");
    }
    if (deployment.residence() != RuntimeResidence.PREINSTALL_DIRECTORY) {
      return Optional.of(
          "deployment "
              + deployment.name()
              + " leaves no file in the preinstall directory for the descriptor's kernelSo");
    }
    return Optional.empty();
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    RuntimeImage image = context.image();
    BinaryRegistrationPort binaries = context.ports().binaries();
    Path descriptor = context.descriptorPaths().newDescriptorPath();
    JsonDescriptor.write(
        descriptor,
        JsonDescriptor.render(image.symbols(), fingerprint(image), image.preinstallName()));
    BinaryHandle binary;
    try {
      binary =
          binaries.loadBinaryFromFile(
              descriptor, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    } catch (RuntimeException e) {
      deleteQuietly(descriptor);
      throw e;
    }
    List<EntryPoint> entries = image.entries();
    FunctionHandle[] handles = new FunctionHandle[entries.size()];
    for (int i = 0; i < handles.length; i++) {
      EntryPoint entry = entries.get(i);
      try {
        handles[i] = binaries.functionByName(binary, entry.opType());
      } catch (RuntimeException e) {
        undo(binaries, binary, descriptor, e);
        throw unresolved(entry, descriptor, e);
      }
    }
    return new RtsJsonLauncher(context, binary, handles, descriptor);
  }

  private static Fingerprint fingerprint(RuntimeImage image) {
    return new Fingerprint(
        image.fingerprint(),
        image.fingerprintSource().equals(RuntimeImage.SOURCE_BUILD_ID)
            ? Fingerprint.Source.BUILD_ID
            : Fingerprint.Source.FNV1A_64);
  }

  private static void undo(
      BinaryRegistrationPort binaries,
      BinaryHandle binary,
      Path descriptor,
      RuntimeException cause) {
    try {
      binaries.unloadBinary(binary);
    } catch (AicpuLaunchException e) {
      cause.addSuppressed(e);
    }
    deleteQuietly(descriptor);
  }

  private static RuntimeException unresolved(
      EntryPoint entry, Path descriptor, RuntimeException e) {
    if (e instanceof CannCallException c && !(c instanceof CannCallException.InvalidArgument)) {
      return c;
    }
    return new InvalidRequestException(
        "Entry '"
            + entry.symbol()
            + "' (opType "
            + entry.opType()
            + ") could not be resolved after registering "
            + descriptor.getFileName()
            + "; the registration was undone (F9).",
        "Export '" + entry.symbol() + "' from the runtime SO as a function, or stop declaring it.",
        e);
  }

  /**
   * The descriptor lives in the process's private descriptor directory, which is removed when the
   * process closes it; a file that cannot be deleted now is left for that.
   */
  static void deleteQuietly(Path descriptor) {
    try {
      Files.deleteIfExists(descriptor);
    } catch (IOException e) {
      // left for the descriptor directory's own cleanup
    }
  }
}
