package io.github.aicpulaunch.app.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * A file the CLI reads, checked by type and size before a byte of it is read: a FIFO, a device such
 * as {@code /dev/zero} or a file larger than allowed is refused at once, by its {@code stat},
 * instead of being read until memory or patience runs out.
 *
 * @param role what the file is for, as the message names it (e.g. {@code "--payload"})
 * @param path the file
 * @param size its size in bytes when it was checked
 */
record InputFile(String role, Path path, long size) {
  /**
   * A file that cannot be used, with a message naming it, the rule and the way out: unreadable
   * (missing, no permission, an I/O error), or refused (readable, but not a regular file or not of
   * an allowed size).
   */
  static final class Unusable extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean refused;

    Unusable(String message) {
      this(message, false);
    }

    Unusable(String message, boolean refused) {
      super(message);
      this.refused = refused;
    }

    /** Whether the file was readable but refused (type or size), rather than unreadable. */
    boolean refused() {
      return refused;
    }
  }

  /**
   * Checks that {@code path} is a regular file (symbolic links followed) of {@code min..max} bytes.
   *
   * @throws Unusable when it is missing, unreadable, not a regular file or of another size
   */
  static InputFile check(String role, Path path, long min, long max) throws Unusable {
    BasicFileAttributes a;
    try {
      a = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      throw new Unusable(role + " " + path + ": no such file.");
    } catch (IOException e) {
      throw new Unusable(role + " " + path + ": cannot be read (" + e.getMessage() + ").");
    }
    if (!a.isRegularFile()) {
      String kind =
          a.isDirectory() ? "a directory" : "not a regular file (a FIFO, socket or device)";
      throw new Unusable(
          role
              + " "
              + path
              + " is "
              + kind
              + "; only a regular file has a size that can be checked before reading it. Write the"
              + " bytes to a file first.",
          true);
    }
    long size = a.size();
    if (size < min || size > max) {
      throw new Unusable(
          role
              + " "
              + path
              + " has "
              + size
              + " bytes; "
              + (min == max ? "exactly " + min : min + ".." + max)
              + " are allowed.",
          true);
    }
    if (!Files.isReadable(path)) {
      throw new Unusable(role + " " + path + ": no permission to read it.");
    }
    return new InputFile(role, path, size);
  }

  /**
   * Reads the whole file, which must still have the size it was checked with.
   *
   * @throws Unusable when it cannot be read or changed size since the check
   */
  byte[] readAll() throws Unusable {
    if (size > Integer.MAX_VALUE - 8) {
      throw new Unusable(role + " " + path + " is too large to read at once.");
    }
    byte[] bytes = new byte[(int) size];
    ByteBuffer b = ByteBuffer.wrap(bytes);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      readFully(ch, b, 0);
      if (ch.read(ByteBuffer.allocate(1), size) > 0) {
        throw changed();
      }
    } catch (IOException e) {
      throw new Unusable(role + " " + path + ": cannot be read (" + e.getMessage() + ").");
    }
    return bytes;
  }

  /** Reads {@code into.remaining()} bytes at {@code position}; a short file is an error. */
  void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException, Unusable {
    long at = position;
    while (into.hasRemaining()) {
      int n = ch.read(into, at);
      if (n < 0) {
        throw changed();
      }
      at += n;
    }
  }

  private Unusable changed() {
    return new Unusable(
        role + " " + path + " changed size while it was read (it had " + size + " bytes).");
  }
}
