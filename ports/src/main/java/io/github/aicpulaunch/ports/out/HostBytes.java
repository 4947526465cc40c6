package io.github.aicpulaunch.ports.out;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Host bytes bound for the device, of a known size: handed over in consecutive chunks in order, or
 * written by their owner straight into a file. The second way lets an adapter whose device memory
 * is itself a file (the simulator) copy a source that is a file too in the kernel, without the
 * bytes crossing a host buffer; a card's adapter copies chunk by chunk ({@link
 * DeviceMemoryPort#copyAllToDevice}). Either way the same bytes arrive.
 */
public interface HostBytes {
  /** What receives the chunks of one pass. */
  @FunctionalInterface
  interface ChunkSink {
    /**
     * @param offset where {@code chunk}'s first byte lies in the bytes
     * @param chunk the next bytes, position to limit, read-only; valid only during this call
     */
    void accept(long offset, ByteBuffer chunk);
  }

  /** How many bytes there are: the chunks of a pass add up to it. */
  long size();

  /**
   * Hands every byte to {@code sink}, in order, in chunks that together cover {@code [0, size())}
   * once.
   *
   * @throws RuntimeException whatever producing the bytes throws (for a file: an exception naming
   *     it, when it cannot be read or changed since it was checked)
   */
  void forEachChunk(ChunkSink sink);

  /**
   * Writes every byte into the existing file {@code target}, the first at byte {@code offset} of
   * it: exactly the {@link #size()} bytes a pass of {@link #forEachChunk} hands over, and nothing
   * else of the file changes.
   *
   * @throws java.io.UncheckedIOException when {@code target} cannot be written
   * @throws RuntimeException whatever producing the bytes throws, as for {@link #forEachChunk}
   */
  void writeTo(Path target, long offset);
}
