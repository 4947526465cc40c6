package io.github.aicpulaunch.domain.naming;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;

/**
 * New owner-only files and directories under names no other one has, as {@link
 * Files#createTempFile} and {@link Files#createTempDirectory} make them, without their {@code
 * SecureRandom}: its first use initialises the JDK's security providers, which costs a new process
 * (a CLI command) about 13 ms (docs/PERFORMANCE.md, issue 18). A name only has to be new: creation
 * is atomic ({@code O_CREAT|O_EXCL}, {@code mkdir}) and follows no symbolic link, so a name taken
 * by anyone, on purpose or not, is skipped for another. The simulator keeps its own copy of the
 * rule because an adapter depends on the ports alone.
 */
public final class PrivateFiles {
  private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<Set<PosixFilePermission>> FILE =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** Names tried before giving up: only names taken that often in a row end in an error. */
  static final int ATTEMPTS = 100;

  private PrivateFiles() {}

  /**
   * A new directory {@code <prefix><random>} in {@code parent}, mode 0700.
   *
   * @throws IOException as {@link Files#createDirectory}, or when {@link #ATTEMPTS} names were all
   *     taken
   */
  public static Path createDirectory(Path parent, String prefix) throws IOException {
    return create(parent, prefix, "", true, () -> ThreadLocalRandom.current().nextLong());
  }

  /**
   * A new empty file {@code <prefix><random><suffix>} in {@code dir}, mode 0600.
   *
   * @throws IOException as {@link Files#createFile}, or when {@link #ATTEMPTS} names were all taken
   */
  public static Path createFile(Path dir, String prefix, String suffix) throws IOException {
    return create(dir, prefix, suffix, false, () -> ThreadLocalRandom.current().nextLong());
  }

  /** For tests: names from {@code random}. */
  static Path create(
      Path parent, String prefix, String suffix, boolean directory, LongSupplier random)
      throws IOException {
    for (int i = 1; ; i++) {
      Path p = parent.resolve(prefix + Long.toUnsignedString(random.getAsLong()) + suffix);
      try {
        return directory ? Files.createDirectory(p, DIRECTORY) : Files.createFile(p, FILE);
      } catch (FileAlreadyExistsException e) {
        if (i >= ATTEMPTS) {
          throw new IOException(
              ATTEMPTS
                  + " new names in a row were taken in "
                  + parent
                  + " (the last: "
                  + p
                  + "); clear that directory of leftovers or use another.",
              e);
        }
      }
    }
  }
}
