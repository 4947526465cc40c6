package io.github.aicpulaunch.domain.elf;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.file.Path;

/**
 * A shared-object file could not be opened or read: missing, unreadable, not a file, too big, or
 * changed while it was being read.
 */
public final class SoFileException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private static final String CHANGED_HINT =
      "The file changed while it was being opened; if a rebuild was running, let it finish and"
          + " open again.";

  private final String path;
  private final boolean unreadable;

  SoFileException(Path path, String problem, String hint) {
    super("Shared object " + path + " " + problem + ".", hint);
    this.path = path.toString();
    this.unreadable = false;
  }

  /**
   * @param cause the I/O error that kept the file from being read: missing, no permission, an I/O
   *     error ({@link #unreadable()})
   */
  SoFileException(Path path, String problem, String hint, Throwable cause) {
    super("Shared object " + path + " " + problem + ".", hint, cause);
    this.path = path.toString();
    this.unreadable = true;
  }

  /**
   * The file at {@code path} is no longer the one that was read earlier in the same operation (a
   * rebuild in place, a truncation): what was validated and fingerprinted is not what would be
   * used.
   *
   * @param what how the difference showed, as a sentence fragment
   */
  public static SoFileException changedWhileOpening(Path path, String what) {
    return new SoFileException(path, "changed while it was being opened: " + what, CHANGED_HINT);
  }

  /**
   * Whether the file could not be read at all (missing, no permission, an I/O error), rather than
   * read and refused (not a regular file, too large, changed while read). The CLI reports the first
   * as unreadable input (exit 1) and the second as a refusal (exit 3).
   */
  public boolean unreadable() {
    return unreadable;
  }

  /** The file that could not be read. */
  public Path path() {
    return Path.of(path);
  }
}
