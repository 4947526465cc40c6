package io.github.aicpulaunch.domain.naming;

import io.github.aicpulaunch.ports.AicpuLaunchException;
import java.nio.file.Path;

/** A JSON descriptor or its private directory could not be created, written or removed. */
public final class DescriptorFileException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  private final String path;

  public DescriptorFileException(Path path, String problem, String hint, Throwable cause) {
    super("Descriptor path " + path + ": " + problem + ".", hint, cause);
    this.path = path.toString();
  }

  /** The file or directory concerned. */
  public Path path() {
    return Path.of(path);
  }
}
