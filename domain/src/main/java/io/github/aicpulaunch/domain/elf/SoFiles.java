package io.github.aicpulaunch.domain.elf;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * The checks {@link SoFile} makes before it opens a shared-object file, with one set of errors for
 * a file that is missing, not a regular file, unreadable or too big.
 */
public final class SoFiles {
  /** The largest file one {@link ByteBuffer} can hold. A runtime SO is megabytes, not gigabytes. */
  public static final long MAX_SIZE = Integer.MAX_VALUE;

  private static final String MISSING_HINT =
      "Check the path; build the runtime SO first if it is missing.";

  private SoFiles() {}

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
