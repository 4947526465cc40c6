package io.github.aicpulaunch.domain.elf;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * A shared-object file open for positional reads: the ELF readers read its headers, notes and
 * dynamic tables through a few 4 KiB windows, and FNV-1a over the whole file goes through one chunk
 * buffer. Nothing is memory-mapped, so nothing outlives {@link #close()}: no mapping is left for
 * the garbage collector to release (a mapping per fingerprint exhausted {@code vm.max_map_count}
 * before a GC came, found by benchmarking).
 *
 * <p>Every read goes to the one open file descriptor, so all of them see the same file even if the
 * path is replaced meanwhile; a file truncated while it is read fails with a {@link
 * SoFileException}. The read buffers (272 KiB of direct memory per open file) are pooled across
 * instances, so a warm open allocates only small objects; the pool keeps at most {@code max(2,
 * processors)} of them for the life of the process and lets the garbage collector have any beyond
 * that. Not thread-safe; close it (try-with-resources), which also returns its buffers.
 */
public final class SoFile implements AutoCloseable {
  /** One window of the header reader: a page, which holds the headers of a typical SO. */
  static final int WINDOW = 4096;

  /** The chunk whole-file reads go through: fits a core's L2 cache with room to spare. */
  static final int CHUNK = 256 * 1024;

  private static final Set<OpenOption> READ = Set.of(StandardOpenOption.READ);
  private static final ArrayBlockingQueue<Scratch> SPARE_SCRATCH =
      new ArrayBlockingQueue<>(Math.max(2, Runtime.getRuntime().availableProcessors()));

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final Scratch scratch;
  private final ByteBuffer chunk;
  private @Nullable Image image;
  private boolean closed;

  private SoFile(Path path, FileChannel channel, long size) {
    this.path = path;
    this.channel = channel;
    this.size = size;
    Scratch spare = SPARE_SCRATCH.poll();
    this.scratch = spare != null ? spare : new Scratch();
    this.chunk = scratch.chunk;
  }

  /** The direct buffers one open file reads into, pooled so that a warm open allocates none. */
  private static final class Scratch {
    private final ByteBuffer chunk;
    private final Image.Windows windows;

    Scratch() {
      ByteBuffer all = ByteBuffer.allocateDirect(Image.WINDOWS * WINDOW + CHUNK);
      this.windows = new Image.Windows(all, WINDOW);
      this.chunk = all.position(Image.WINDOWS * WINDOW).slice().order(ByteOrder.LITTLE_ENDIAN);
    }
  }

  /**
   * Opens {@code path} for reading; reads nothing yet.
   *
   * @throws SoFileException if the file is missing, not a regular file, unreadable or larger than
   *     {@link SoFiles#MAX_SIZE}
   */
  public static SoFile open(Path path) {
    SoFiles.requireRegularFile(path);
    FileChannel channel;
    try {
      channel = FileChannel.open(path, READ);
    } catch (IOException e) {
      throw SoFiles.unreadable(path, e);
    }
    try {
      long size = channel.size();
      SoFiles.requireReadableSize(path, size);
      return new SoFile(path, channel, size);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw e instanceof IOException io ? SoFiles.unreadable(path, io) : (RuntimeException) e;
    }
  }

  public Path path() {
    return path;
  }

  /** The file's size when it was opened; every read is checked against it. */
  public long size() {
    return size;
  }

  /**
   * Reads the file with {@link ElfReader}'s strict rules; touches only the windows holding the
   * headers, notes and dynamic tables. Errors do not name the file (callers add it as they need).
   *
   * @throws ElfFormatException if the file is not a well-formed ELF64 little-endian object
   */
  public ElfInfo readElf() {
    return ElfReader.read(image());
  }

  /**
   * Reads what the file needs from the process that loads it ({@link ElfLinkage}), with the same
   * strict rules as {@link #readElf()}.
   *
   * @throws ElfFormatException if the file is not a well-formed ELF64 little-endian object
   */
  public ElfLinkage readLinkage() {
    return ElfReader.readLinkage(image());
  }

  /**
   * The fingerprint word of PROTOCOL §5 step 3, or empty when the fingerprint falls back to FNV-1a;
   * reads nothing past the ELF header, the program headers and the notes up to the Build-ID.
   */
  public OptionalLong buildIdWord() {
    return BuildIdNotes.leadingWord(image());
  }

  /** A step of a computation over the whole file, fed one chunk at a time in file order. */
  @FunctionalInterface
  public interface Fold {
    /**
     * @param state the value so far
     * @param chunk the next bytes, position to limit; valid only during this call
     * @return the value after {@code chunk}
     */
    long update(long state, ByteBuffer chunk);
  }

  /**
   * Feeds every byte of the file, in order, through {@code fold}, starting from {@code seed}.
   *
   * @throws SoFileException if the file cannot be read or shrank since it was opened
   */
  public long fold(long seed, Fold fold) {
    long state = seed;
    for (long offset = 0, length; offset < size; offset += length) {
      length = Math.min(CHUNK, size - offset);
      readFully(offset, chunk.clear().limit((int) length));
      state = fold.update(state, chunk.flip());
    }
    return state;
  }

  /**
   * Copies every byte of the file into the existing file {@code target}, the first at byte {@code
   * offset} of it, in the kernel ({@code sendfile}): nothing passes through a host buffer, and
   * {@code target} is written through a descriptor of its own, at the given offset only.
   *
   * @throws SoFileException if this file shrank since it was opened
   * @throws UncheckedIOException if {@code target} cannot be opened, or the copy fails (the kernel
   *     does not say which side failed; the exception names both files)
   */
  public void copyTo(Path target, long offset) {
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      for (long at = 0; at < size; ) {
        long copied;
        try {
          // A FileChannel target is written at its own position: this descriptor's, set here.
          copied = channel.transferTo(at, size - at, out.position(offset + at));
        } catch (IOException e) {
          // sendfile does not say which side failed
          throw new UncheckedIOException("cannot copy " + path + " into " + target, e);
        }
        if (copied <= 0) {
          throw SoFileException.changedWhileOpening(
              path, "it ended at byte " + at + " but had " + size + " bytes when it was opened");
        }
        at += copied;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * All the file's bytes, read now straight into a new direct buffer (little-endian, position 0)
   * that the caller owns: one copy from the page cache, and an upload passes the buffer's native
   * address on without copying it again. Its memory is released by the garbage collector, like any
   * direct buffer; a cold bootstrap needs one per runtime SO and device.
   *
   * @throws SoFileException if the file cannot be read or shrank since it was opened
   */
  public ByteBuffer readAll() {
    ByteBuffer all = ByteBuffer.allocateDirect((int) size).order(ByteOrder.LITTLE_ENDIAN);
    readFully(0, all);
    return all.flip();
  }

  /** Closes the file; the read buffers go back to the pool. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    image = null;
    closeQuietly(channel);
    SPARE_SCRATCH.offer(scratch);
  }

  private Image image() {
    if (closed) {
      throw new IllegalStateException(path + " is closed");
    }
    Image current = image;
    if (current == null) {
      current = new Image(size, this::readFully, scratch.windows);
      image = current;
    }
    return current;
  }

  private void readFully(long offset, ByteBuffer dst) {
    try {
      long at = offset;
      while (dst.hasRemaining()) {
        int read = channel.read(dst, at);
        if (read < 0) {
          throw SoFileException.changedWhileOpening(
              path, "it ended at byte " + at + " but had " + size + " bytes when it was opened");
        }
        at += read;
      }
    } catch (IOException e) {
      throw SoFiles.unreadable(path, e);
    }
  }

  // A read-only descriptor has nothing to flush, so a failing close cannot lose data; reporting
  // it would turn a read that succeeded into an error.
  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // see above
    }
  }
}
