package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Mode B registration shared by {@code rts-json} and {@code custom-kernel} (PROTOCOL §3.3 (c)):
 * {@code rtsBinaryLoadFromFile(descriptor, options)}, then {@code rtsFuncGetByName} for every
 * declared entry in declaration order. A miss unloads the binary, deletes the files and fails
 * naming the entry with CANN's code and function kept (F9); a load failure deletes the files and
 * keeps CANN's code.
 */
final class JsonRegistration {
  private JsonRegistration() {}

  /**
   * Registers the written descriptor and resolves every entry.
   *
   * @param files the host files of this registration (the descriptor first); deleted on failure,
   *     and by the returned launcher on release or abandon
   */
  static RtsJsonLauncher register(
      LaunchContext context, Path descriptor, LoadOptions options, List<Path> files) {
    BinaryRegistrationPort binaries = context.ports().binaries();
    BinaryHandle binary;
    try {
      binary = binaries.loadBinaryFromFile(descriptor, options);
    } catch (RuntimeException e) {
      deleteQuietly(files);
      throw e;
    }
    List<EntryPoint> entries = context.image().entries();
    FunctionHandle[] handles = new FunctionHandle[entries.size()];
    for (int i = 0; i < handles.length; i++) {
      EntryPoint entry = entries.get(i);
      try {
        handles[i] = binaries.functionByName(binary, entry.opType());
      } catch (RuntimeException e) {
        try {
          binaries.unloadBinary(binary);
        } catch (AicpuLaunchException suppressed) {
          e.addSuppressed(suppressed);
        }
        deleteQuietly(files);
        throw unresolved(entry, descriptor, e);
      }
    }
    return new RtsJsonLauncher(context, binary, handles, files);
  }

  /** The image's fingerprint as the descriptor renderer takes it. */
  static Fingerprint fingerprint(RuntimeImage image) {
    return new Fingerprint(
        image.fingerprint(),
        image.fingerprintSource().equals(RuntimeImage.SOURCE_BUILD_ID)
            ? Fingerprint.Source.BUILD_ID
            : Fingerprint.Source.FNV1A_64);
  }

  private static RuntimeException unresolved(
      EntryPoint entry, Path descriptor, RuntimeException e) {
    if (e instanceof CannCallException c) {
      c.during(
          Phase.REGISTRATION,
          "resolving entry '"
              + entry.symbol()
              + "' as opType "
              + entry.opType()
              + " of "
              + descriptor.getFileName()
              + ", so the registration was undone (F9); if the entry is not a function the runtime"
              + " SO exports, export it or stop declaring it");
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
   * The files live in the process's private descriptor directory, which is removed when the process
   * closes it; a file that cannot be deleted now is left for that.
   */
  static void deleteQuietly(List<Path> files) {
    for (Path file : files) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // left for the descriptor directory's own cleanup
      }
    }
  }
}
