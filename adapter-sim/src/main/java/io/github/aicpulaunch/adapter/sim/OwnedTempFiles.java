package io.github.aicpulaunch.adapter.sim;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporary files and directories named by the pid of the JVM that owns them ({@code
 * <kind><pid>-...}), and the sweep that removes those of owners that are gone. A JVM killed with
 * SIGKILL runs no shutdown hook, so its device memory, private directory and extracted native files
 * stay behind; the next simulator started on the machine removes them (issue 17).
 *
 * <p>They are created as {@link Files#createTempFile} and {@link Files#createTempDirectory} create
 * theirs (owner-only, atomically, under a name no other entry has) but without their {@code
 * SecureRandom}, whose first use costs a new process about 13 ms: the domain's {@code PrivateFiles}
 * rule, kept here too because an adapter depends on the ports alone.
 */
final class OwnedTempFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OwnedTempFiles.class);

  private OwnedTempFiles() {}

  /** {@code <kind><this JVM's pid>-}: the name prefix of a file this JVM owns. */
  static String prefix(String kind) {
    return kind + ProcessHandle.current().pid() + "-";
  }

  /**
   * A new owner-only entry {@code <prefix><random><suffix>} in {@code parent}: a directory (0700)
   * or an empty file (0600).
   */
  static Path create(Path parent, String prefix, String suffix, boolean directory)
      throws IOException {
    for (int i = 1; ; i++) {
      Path p =
          parent.resolve(
              prefix + Long.toUnsignedString(ThreadLocalRandom.current().nextLong()) + suffix);
      try {
        return directory
            ? Files.createDirectory(
                p,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")))
            : Files.createFile(
                p,
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      } catch (FileAlreadyExistsException e) {
        if (i >= 100) {
          throw new IOException("100 new names in a row were taken in " + parent, e);
        }
      }
    }
  }

  /** The owner's pid in {@code name} ({@code <kind><pid>-...}), or -1 when it is not so named. */
  static long owner(String name, String kind) {
    if (!name.startsWith(kind)) {
      return -1;
    }
    int dash = name.indexOf('-', kind.length());
    try {
      return dash < 0 ? -1 : Long.parseLong(name.substring(kind.length(), dash));
    } catch (NumberFormatException e) {
      return -1; // another kind with the same start (aicpu-sim-native- under aicpu-sim-)
    }
  }

  /**
   * Deletes the entries of {@code dir} matching {@code glob} whose owner (named after {@code kind})
   * is no longer running, directories with their contents; returns how many. Best effort: what
   * cannot be read or deleted (another user's) is left alone.
   */
  static int sweep(Path dir, String kind, String glob) {
    int swept = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
      for (Path entry : entries) {
        long pid = owner(entry.getFileName().toString(), kind);
        if (pid > 0 && ProcessHandle.of(pid).isEmpty()) {
          NativeFiles.deleteTree(entry);
          swept++;
          LOG.debug("deleted {}, left behind by the dead process {}", entry, pid);
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot sweep {} for what dead processes left: {}", dir, e.toString());
    }
    return swept;
  }
}
