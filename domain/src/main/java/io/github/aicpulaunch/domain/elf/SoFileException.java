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

  SoFileException(Path path, String problem, String hint) {
    super("Shared object " + path + " " + problem + ".", hint);
    this.path = path.toString();
  }

  SoFileException(Path path, String problem, String hint, Throwable cause) {
    super("Shared object " + path + " " + problem + ".", hint, cause);
    this.path = path.toString();
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

  /** The file that could not be read. */
  public Path path() {
    return Path.of(path);
  }
}
