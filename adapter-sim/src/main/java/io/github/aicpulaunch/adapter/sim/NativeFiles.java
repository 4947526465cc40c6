package io.github.aicpulaunch.adapter.sim;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The AICPU OS executable and the device library, extracted from the jar once per JVM into a
 * private temporary directory (owner-only, executable; {@code aicpu-sim-native-<pid>-...}) that is
 * deleted when the JVM exits, or by the next JVM's extraction when this one was killed. This is the
 * module's only static mutable state.
 */
final class NativeFiles {
  static final String RESOURCE_DIR = "linux-x86-64/";
  static final String OS_EXECUTABLE = "aicpu_sim_os";
  static final String DIRECTORY_KIND = "aicpu-sim-native-";

  private static @Nullable Path directory;
  private static @Nullable SimulatorUnavailableException failure;

  private NativeFiles() {}

  /** Whether this machine can run the simulator's native half. */
  static @Nullable String unsupportedReason() {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
    if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
      return "the simulator's AICPU OS is built for linux-x86-64 only, this is " + os + "/" + arch;
    }
    return null;
  }

  /**
   * The directory holding the extracted files; extracts them on first use.
   *
   * @throws SimulatorUnavailableException when the files are missing or cannot be extracted here
   */
  static synchronized Path directory() {
    if (directory != null) {
      return directory;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      OwnedTempFiles.sweep(tmpdir(), DIRECTORY_KIND, DIRECTORY_KIND + "*");
      Path dir = OwnedTempFiles.create(tmpdir(), OwnedTempFiles.prefix(DIRECTORY_KIND), "", true);
      extract(dir, OS_EXECUTABLE);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "aicpu-sim-cleanup"));
      directory = dir;
      return dir;
    } catch (SimulatorUnavailableException e) {
      failure = e;
      throw e;
    } catch (IOException e) {
      failure =
          SimulatorUnavailableException.cannotStart(
              "cannot extract its native files into "
                  + System.getProperty("java.io.tmpdir", "java.io.tmpdir"),
              e);
      throw failure;
    }
  }

  /** {@code java.io.tmpdir}, where the simulator's temporary directories are. */
  static Path tmpdir() {
    return Path.of(System.getProperty("java.io.tmpdir"));
  }

  private static void extract(Path dir, String name) throws IOException {
    try (InputStream in =
        NativeFiles.class.getClassLoader().getResourceAsStream(RESOURCE_DIR + name)) {
      if (in == null) {
        throw SimulatorUnavailableException.nativeHalfMissing(RESOURCE_DIR + name);
      }
      Path target = dir.resolve(name);
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /**
   * Deletes {@code dir} and everything in it, best effort at teardown (a leftover file in a temp
   * directory is harmless): an entry that cannot be deleted is left, the rest still goes. Symbolic
   * links are deleted, never followed. It runs at every simulator's close, so it costs one system
   * call a file or link (java.io's remove, which unlinks a link itself) and lists a directory only
   * when it is not empty, through java.io rather than NIO's heavier path objects.
   */
  static void deleteTree(Path dir) {
    delete(dir.toFile());
  }

  private static void delete(File f) {
    if (f.delete()) {
      return;
    }
    File[] entries = f.listFiles();
    if (entries != null) {
      for (File entry : entries) {
        delete(entry);
      }
      f.delete();
    }
  }
}
