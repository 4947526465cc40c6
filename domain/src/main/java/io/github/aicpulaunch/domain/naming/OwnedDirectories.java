package io.github.aicpulaunch.domain.naming;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Temporary directories named by the pid of the process that owns them ({@code <kind><pid>-...}),
 * and the sweep that deletes those whose owner is gone: a JVM killed with SIGKILL runs no shutdown
 * hook, so the next one to create such a directory cleans up after it (issue 17). Serves the
 * descriptor directory and the CLI's demo folder; the simulator keeps its own copy of the rule
 * because an adapter depends on the ports alone.
 */
public final class OwnedDirectories {
  /** Deletes one directory a dead process left. */
  @FunctionalInterface
  public interface Deleter {
    void delete(Path dir) throws IOException;
  }

  private OwnedDirectories() {}

  /** {@code <kind><this process's pid>-}: the name prefix of a directory this process owns. */
  public static String prefix(String kind) {
    return kind + ProcessHandle.current().pid() + "-";
  }

  /**
   * Deletes, with {@code deleter}, the entries {@code <kind><pid>-...} of {@code parent} whose
   * owner {@code pid} is no longer running. Best effort: an entry that cannot be read or deleted
   * (another user's) stays, and entries not so named are left alone.
   */
  public static void sweepDeadOwners(Path parent, String kind, Deleter deleter) {
    try (DirectoryStream<Path> dirs = Files.newDirectoryStream(parent, kind + "*-*")) {
      for (Path dir : dirs) {
        String name = dir.getFileName().toString();
        String pid = name.substring(kind.length(), name.indexOf('-', kind.length()));
        if (pid.matches("[0-9]{1,18}") && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
          try {
            deleter.delete(dir);
          } catch (IOException e) {
            // best effort: retried at the next start
          }
        }
      }
    } catch (IOException e) {
      // best effort: the parent cannot be listed; nothing of ours is lost
    }
  }
}
