package io.github.aicpulaunch.adapter.sim;

import org.jspecify.annotations.Nullable;

/**
 * One launch on a stream: what the AICPU OS runs, where its completion goes, and its op-execute
 * deadline once it is submitted.
 *
 * <p>Immutable but for the deadline, which {@link Chip#submit} sets on the submitting thread before
 * the task becomes visible to the {@link OpExecuteWatchdog}'s scan (which reads it under the chip's
 * in-flight lock).
 */
final class SimTask {
  private static final long CENTURY_MICROS = 100L * 365 * 24 * 3600 * 1_000_000;

  private final long id;
  private final SimDevice device;
  private final SimStream stream;
  private final int kernelType;
  private final @Nullable String soName;
  private final @Nullable String kernelName;
  private final byte[] args;
  private final int numBlocks;
  private final long timeoutMicros;
  private long deadlineNanos;

  /**
   * @param id unique per simulator; the AICPU OS echoes it back
   * @param device the die the task runs on
   * @param stream the stream it was launched on
   * @param kernelType CANN's numeric kernel type (2, 4 or 5)
   * @param soName the SO name the device resolves, or null
   * @param kernelName the kernel (function) name, or null
   * @param args the argument blob CANN copies to the device; owned by the task from here on
   * @param numBlocks number of blocks (threads), at least 1
   * @param timeoutMicros the op-execute watchdog for this task, not negative (0 reaps it at once)
   */
  SimTask(
      long id,
      SimDevice device,
      SimStream stream,
      int kernelType,
      @Nullable String soName,
      @Nullable String kernelName,
      byte[] args,
      int numBlocks,
      long timeoutMicros) {
    if (numBlocks < 1 || timeoutMicros < 0) {
      throw new IllegalArgumentException(
          "task "
              + id
              + ": numBlocks must be at least 1 and the op-execute timeout not negative, were "
              + numBlocks
              + " and "
              + timeoutMicros
              + " us");
    }
    this.id = id;
    this.device = device;
    this.stream = stream;
    this.kernelType = kernelType;
    this.soName = soName;
    this.kernelName = kernelName;
    this.args = args;
    this.numBlocks = numBlocks;
    this.timeoutMicros = timeoutMicros;
  }

  long id() {
    return id;
  }

  SimDevice device() {
    return device;
  }

  SimStream stream() {
    return stream;
  }

  int kernelType() {
    return kernelType;
  }

  @Nullable String soName() {
    return soName;
  }

  @Nullable String kernelName() {
    return kernelName;
  }

  byte[] args() {
    return args;
  }

  int numBlocks() {
    return numBlocks;
  }

  long timeoutMicros() {
    return timeoutMicros;
  }

  /**
   * Starts the op-execute clock. Timeouts beyond a century are cut to one, so the deadline stays on
   * the {@link System#nanoTime()} scale without overflowing; neither ever fires.
   *
   * @return the deadline, on the {@link System#nanoTime()} scale
   */
  long startClock(long nowNanos) {
    deadlineNanos = nowNanos + Math.min(timeoutMicros, CENTURY_MICROS) * 1000;
    return deadlineNanos;
  }

  long deadlineNanos() {
    return deadlineNanos;
  }
}
