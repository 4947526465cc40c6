package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;

/**
 * Round-robin over a fixed number of per-launch device slots whose contents a pending launch may
 * still read. A slot is handed out again only after the stream was synchronised: when the ring
 * wraps, {@link #acquire()} waits for the stream (within the stream-sync timeout), so at most
 * {@code size} launches are in flight and none sees its slot overwritten. Not thread-safe (one
 * launcher, one thread at a time).
 */
final class SlotRing {
  private final StreamPort streams;
  private final StreamHandle stream;
  private final int syncMillis;
  private final int size;
  private int next;
  private boolean wrapped;

  SlotRing(LaunchContext context, int size) {
    this.streams = context.ports().streams();
    this.stream = context.stream();
    this.syncMillis = (int) Math.min(Integer.MAX_VALUE, context.timeouts().streamSync().toMillis());
    this.size = size;
  }

  /** The slot for the next launch; waits for the stream first when that slot was used before. */
  int acquire() {
    if (next == 0 && wrapped) {
      streams.synchronize(stream, syncMillis);
    }
    return next;
  }

  /** Marks the acquired slot as used by a launch that was submitted. */
  void advance() {
    // A compare, not a remainder: size is not a constant to the JIT, and a division costs more
    // than the rest of the ring on the per-launch path.
    next = next + 1 == size ? 0 : next + 1;
    wrapped |= next == 0;
  }
}
