package io.github.aicpulaunch.domain.spi;

import io.github.aicpulaunch.ports.out.HostBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The bytes of an SO a {@link Deployment} puts on a device, handed over in consecutive chunks in
 * file order, so that an upload of any size goes through one reused host buffer instead of a copy
 * of the whole file in host memory (a cold bootstrap of a 256 MiB runtime SO in a fresh process
 * otherwise pays for zeroing and first-touching 256 MiB it uses once); or, where the device memory
 * is a file (the simulator), written into it by their owner ({@link #writeTo}), which for an SO
 * read from a file is one copy in the kernel.
 *
 * <p>Each pass reads the bytes again; a source read from a file checks at the end of every pass
 * that they are the bytes that were validated and fingerprinted, and throws otherwise, after the
 * last chunk was handed over (free what was filled, as {@code DeviceUploads} does on every path).
 */
public interface SoBytes extends HostBytes {
  /**
   * Hands every byte of the SO to {@code sink}, in order (read from a file: in chunks of 256 KiB).
   *
   * @throws RuntimeException whatever reading the bytes throws (for a file: {@code SoFileException}
   *     naming it, when it cannot be read or changed since it was fingerprinted)
   */
  @Override
  void forEachChunk(ChunkSink sink);

  /**
   * By default, one pass of {@link #forEachChunk} written chunk by chunk at {@code offset} plus
   * each chunk's offset; a chunk that would reach past {@link #size()} throws {@link
   * IllegalStateException} naming it, before it is written.
   */
  @Override
  default void writeTo(Path target, long offset) {
    long size = size();
    try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
      forEachChunk(
          (at, chunk) -> {
            if (at < 0 || chunk.remaining() > size - at) {
              throw new IllegalStateException(
                  "a chunk of "
                      + chunk.remaining()
                      + " bytes at "
                      + at
                      + " reaches past the "
                      + size
                      + " bytes of the SO");
            }
            write(out, target, chunk.duplicate(), offset + at);
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }

  /**
   * Every byte in one new little-endian heap buffer (position 0), for a deployment that needs the
   * SO whole; an upload streams with {@link #forEachChunk} instead.
   */
  default ByteBuffer readAll() {
    if (size() > Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("an SO of " + size() + " bytes does not fit one buffer");
    }
    ByteBuffer all = ByteBuffer.allocate((int) size()).order(ByteOrder.LITTLE_ENDIAN);
    forEachChunk(
        (offset, chunk) -> all.put((int) offset, chunk, chunk.position(), chunk.remaining()));
    return all;
  }

  /** The remaining bytes of {@code bytes} (not copied, read-only), as one chunk. */
  static SoBytes of(ByteBuffer bytes) {
    ByteBuffer view = bytes.asReadOnlyBuffer();
    return of(view.remaining(), sink -> sink.accept(0, view.duplicate()));
  }

  /** {@code size} bytes that each pass hands to its sink with {@code pass}. */
  static SoBytes of(long size, Consumer<ChunkSink> pass) {
    return new SoBytes() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public void forEachChunk(ChunkSink sink) {
        pass.accept(sink);
      }
    };
  }

  /**
   * Writes {@code chunk} at {@code at}; a heap chunk in slices of at most 256 KiB, since the JDK
   * copies a heap buffer into a temporary direct one of its size and keeps that per thread.
   */
  private static void write(FileChannel out, Path target, ByteBuffer chunk, long at) {
    int slice = chunk.isDirect() ? Integer.MAX_VALUE : 256 * 1024;
    try {
      for (long position = at; chunk.hasRemaining(); ) {
        ByteBuffer part = chunk.slice(chunk.position(), Math.min(slice, chunk.remaining()));
        int written = out.write(part, position);
        chunk.position(chunk.position() + written);
        position += written;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + target, e);
    }
  }
}
