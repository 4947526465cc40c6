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

/** Opens shared-object files for the readers in this module without reading them. */
public final class SoFiles {
  /** The largest file one {@link ByteBuffer} can map. A runtime SO is megabytes, not gigabytes. */
  public static final long MAX_SIZE = Integer.MAX_VALUE;

  private SoFiles() {}

  /**
   * Maps {@code path} read-only, little-endian, position 0. Mapping reads nothing: a page is read
   * only when a byte on it is touched, so a reader that looks only at the headers and the notes
   * leaves the rest of the file on disk.
   *
   * <p>The mapping stays valid after this returns (the channel is closed; the mapping is not) and
   * is released by the garbage collector. The caller must not truncate the file while it uses the
   * buffer.
   *
   * @throws SoFileException if the file is missing, not a regular file, unreadable or larger than
   *     {@link #MAX_SIZE}
   */
  public static ByteBuffer mapReadOnly(Path path) {
    if (!Files.exists(path)) {
      throw new SoFileException(
          path, "does not exist", "Check the path; build the runtime SO first if it is missing.");
    }
    if (!Files.isRegularFile(path)) {
      throw new SoFileException(
          path, "is not a regular file", "Pass the path of the .so file itself.");
    }
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = channel.size();
      if (size > MAX_SIZE) {
        throw new SoFileException(
            path,
            "is " + size + " bytes, more than the " + MAX_SIZE + " bytes this library maps",
            "A runtime SO is far smaller than 2 GiB; check that the path names the right file.");
      }
      return channel.map(FileChannel.MapMode.READ_ONLY, 0, size).order(ByteOrder.LITTLE_ENDIAN);
    } catch (NoSuchFileException e) {
      throw new SoFileException(
          path,
          "does not exist",
          "Check the path; build the runtime SO first if it is missing.",
          e);
    } catch (AccessDeniedException e) {
      throw new SoFileException(
          path, "cannot be read: permission denied", "Make the file readable by this user.", e);
    } catch (IOException e) {
      throw new SoFileException(
          path,
          "cannot be read: " + e.getMessage(),
          "Check that the file is a readable regular file on a local filesystem.",
          e);
    }
  }
}
