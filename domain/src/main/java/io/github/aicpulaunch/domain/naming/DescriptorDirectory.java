package io.github.aicpulaunch.domain.naming;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A private directory (mode 0700) for the JSON descriptors of one process, and a source of unique
 * absolute {@code .json} paths inside it: one per registration, so two registrations never share or
 * delete each other's file (PROTOCOL §14 question 7) and no other user can plant a file or link
 * there (F8). Every path ends in {@code .json} and has no other dot in its file name, which CANN's
 * last-dot rewrite needs (F7).
 *
 * <p>Lifecycle: the composition root creates one per process and closes it at shutdown; {@link
 * #close()} deletes every file in the directory and the directory itself. The directory is named
 * {@code aicpu-launch-<pid>-...} after the owning process: one killed with SIGKILL never closes it,
 * and the next one created under the same parent deletes it once that process is gone (issue 17).
 * {@link #newDescriptorPath} is thread-safe; it must not race with {@link #close()}.
 */
public final class DescriptorDirectory implements AutoCloseable {
  private static final String DIRECTORY_PREFIX = "aicpu-launch-";

  private final Path directory;
  private final AtomicLong sequence = new AtomicLong();
  private volatile boolean closed;

  private DescriptorDirectory(Path directory) {
    this.directory = directory;
  }

  /** Creates the private directory under {@code java.io.tmpdir}. */
  public static DescriptorDirectory create() {
    return createUnder(Path.of(System.getProperty("java.io.tmpdir")));
  }

  /**
   * Creates the private directory under {@code parent}.
   *
   * @throws DescriptorFileException if it cannot be created
   */
  public static DescriptorDirectory createUnder(Path parent) {
    Path absolute = parent.toAbsolutePath();
    sweepDeadOwners(absolute);
    try {
      return new DescriptorDirectory(
          PrivateFiles.createDirectory(absolute, OwnedDirectories.prefix(DIRECTORY_PREFIX))
              .toAbsolutePath());
    } catch (IOException | UnsupportedOperationException e) {
      throw new DescriptorFileException(
          absolute,
          "cannot create a private (0700) directory here: " + e.getMessage(),
          "Point java.io.tmpdir (or the configured descriptor parent) at a writable local POSIX"
              + " directory.",
          e);
    }
  }

  /** Deletes the descriptor directories under {@code parent} of owners that are gone. */
  static void sweepDeadOwners(Path parent) {
    OwnedDirectories.sweepDeadOwners(
        parent,
        DIRECTORY_PREFIX,
        dir -> {
          try {
            new DescriptorDirectory(dir).close();
          } catch (DescriptorFileException e) {
            // best effort: a leftover directory holds only JSON descriptors
          }
        });
  }

  /** The absolute path of the private directory. */
  public Path directory() {
    return directory;
  }

  /**
   * A fresh absolute path {@code <dir>/op_<fp>_<device>_<n>.json} that no earlier call returned.
   * Nothing is created; write the descriptor there with {@code JsonDescriptor.write}.
   *
   * @throws IllegalStateException after {@link #close()}
   * @throws InvalidRequestException if {@code device} is negative
   */
  public Path newDescriptorPath(Fingerprint fingerprint, int device) {
    if (closed) {
      throw new IllegalStateException("descriptor directory " + directory + " is closed");
    }
    if (device < 0) {
      throw new InvalidRequestException(
          "Device id " + device + " is negative.",
          "Pass the device id as CANN numbers it, from 0.");
    }
    long n = sequence.incrementAndGet();
    return directory.resolve("op_" + fingerprint.hex() + "_" + device + "_" + n + ".json");
  }

  /**
   * Deletes one descriptor when its registration ends; a missing file is fine.
   *
   * @throws DescriptorFileException if it exists and cannot be deleted
   */
  public void discard(Path descriptor) {
    if (!directory.equals(descriptor.toAbsolutePath().getParent())) {
      throw new IllegalArgumentException(descriptor + " is not in " + directory);
    }
    try {
      Files.deleteIfExists(descriptor);
    } catch (IOException e) {
      throw new DescriptorFileException(
          descriptor, "cannot be deleted: " + e, "Check the directory's permissions.", e);
    }
  }

  /**
   * Deletes every file in the directory, then the directory. Idempotent.
   *
   * @throws DescriptorFileException if something cannot be deleted
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(directory)) {
        for (Path file : files) {
          Files.deleteIfExists(file);
        }
      }
      Files.deleteIfExists(directory);
    } catch (IOException e) {
      throw new DescriptorFileException(
          directory,
          "cannot be removed: " + e,
          "Remove the directory by hand; it holds only JSON descriptors.",
          e);
    }
  }
}
