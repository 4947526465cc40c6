package io.github.aicpulaunch.domain.elf;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.file.Path;

/** A shared-object file could not be opened or mapped: missing, unreadable, not a file, too big. */
public final class SoFileException extends InvalidRequestException {
  private static final long serialVersionUID = 1L;

  private final String path;

  SoFileException(Path path, String problem, String hint) {
    super("Shared object " + path + " " + problem + ".", hint);
    this.path = path.toString();
  }

  SoFileException(Path path, String problem, String hint, Throwable cause) {
    super("Shared object " + path + " " + problem + ".", hint, cause);
    this.path = path.toString();
  }

  /** The file that could not be read. */
  public Path path() {
    return Path.of(path);
  }
}
