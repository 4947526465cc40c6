package io.github.aicpulaunch.domain.spi;

import java.nio.file.Path;

/**
 * Hands out paths for JSON descriptors: absolute, ending in {@code .json} (F7), unique within the
 * process and inside a directory only this process can write (F8). The file does not exist yet;
 * whoever writes it deletes it when done.
 */
@FunctionalInterface
public interface DescriptorPaths {
  /** A fresh descriptor path for this image on this device. */
  Path newDescriptorPath();
}
