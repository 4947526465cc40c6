package io.github.aicpulaunch.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The mode an output file gets: the one of the file it replaces (of the file a symbolic link names;
 * the rename replaces the link itself, as before), or for a new file 0666 less the process's umask,
 * as {@code cp} gives it. Owner and ACLs are not carried over. {@code run} writes an output under a
 * hidden owner-only name and renames it when complete, so without this every output would end up
 * 0600.
 */
final class OutputMode {
  private OutputMode() {}

  /** The permission bits of 0777, from the highest (owner read) down. */
  private static final List<PosixFilePermission> BITS =
      List.of(
          PosixFilePermission.OWNER_READ,
          PosixFilePermission.OWNER_WRITE,
          PosixFilePermission.OWNER_EXECUTE,
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.GROUP_EXECUTE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE,
          PosixFilePermission.OTHERS_EXECUTE);

  /**
   * The mode for {@code target}: its own when it is a file already, else 0666 less the umask; null
   * when neither can be told (no POSIX permissions here, no {@code /proc/self/status} umask).
   */
  static @Nullable Set<PosixFilePermission> of(Path target) {
    try {
      // Through a symbolic link: a link's own mode is 0777, the file it names has the one to keep.
      return Files.getPosixFilePermissions(target);
    } catch (NoSuchFileException e) {
      // a new file: from the umask below
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
    Integer umask = umask();
    return umask == null ? null : mode(0666 & ~umask);
  }

  /** The process's umask, from the {@code Umask:} line of {@code /proc/self/status}; or null. */
  static @Nullable Integer umask() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("Umask:")) {
          return Integer.parseInt(line.substring("Umask:".length()).strip(), 8);
        }
      }
    } catch (IOException | NumberFormatException e) {
      // not Linux, or a kernel older than 4.7: unknown
    }
    return null;
  }

  /** The permissions of the octal mode {@code bits} (0777 at most). */
  static Set<PosixFilePermission> mode(int bits) {
    Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
    for (int i = 0; i < BITS.size(); i++) {
      if ((bits & (0400 >> i)) != 0) {
        set.add(BITS.get(i));
      }
    }
    return set;
  }
}
