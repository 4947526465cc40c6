package io.github.aicpulaunch.domain.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Opens shared-object files for the readers in this module, with one set of errors for a file that
 * is missing, not a regular file, unreadable or too big. The readers themselves use {@link SoFile},
 * which maps nothing.
 */
public final class SoFiles {
  /** The largest file one {@link ByteBuffer} can hold. A runtime SO is megabytes, not gigabytes. */
  public static final long MAX_SIZE = Integer.MAX_VALUE;

  private static final String MISSING_HINT =
      "Check the path; build the runtime SO first if it is missing.";

  private SoFiles() {}

  /**
   * Maps {@code path} read-only, little-endian, position 0. Mapping reads nothing: a page is read
   * only when a byte on it is touched.
   *
   * <p>The mapping stays valid after this returns (the channel is closed; the mapping is not) and
   * is released only by the garbage collector, so a loop that maps many files between two
   * collections can exhaust the process's mapping limit ({@code vm.max_map_count}); the readers of
   * this module use {@link SoFile} instead. The caller must not truncate the file while it uses the
   * buffer.
   *
   * @throws SoFileException if the file is missing, not a regular file, unreadable or larger than
   *     {@link #MAX_SIZE}
   */
  public static ByteBuffer mapReadOnly(Path path) {
    requireRegularFile(path);
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      requireReadableSize(path, size);
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  /** One {@code stat}: the file exists and is a regular file (opening a FIFO would block). */
  static void requireRegularFile(Path path) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      throw unreadable(path, e);
    }
    if (!attributes.isRegularFile()) {
      throw new SoFileException(
          path, "is not a regular file", "Pass the path of the .so file itself.");
    }
  }

  static void requireReadableSize(Path path, long size) {
    if (size > MAX_SIZE) {
      throw new SoFileException(
          path,
          "is " + size + " bytes, more than the " + MAX_SIZE + " bytes this library reads",
          "A runtime SO is far smaller than 2 GiB; check that the path names the right file.");
    }
  }

  static SoFileException unreadable(Path path, IOException e) {
    if (e instanceof NoSuchFileException) {
      return new SoFileException(path, "does not exist", MISSING_HINT, e);
    }
    if (e instanceof AccessDeniedException) {
      return new SoFileException(
          path, "cannot be read: permission denied", "Make the file readable by this user.", e);
    }
    return new SoFileException(
        path,
        "cannot be read: " + e.getMessage(),
        "Check that the file is a readable regular file on a local filesystem.",
        e);
  }
}
