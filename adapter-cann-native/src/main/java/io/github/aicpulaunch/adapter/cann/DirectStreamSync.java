package io.github.aicpulaunch.adapter.cann;

/**
 * Direct-mapped {@code aclrtSynchronizeStreamWithTimeout}, on the per-launch path of strategies
 * with a slot ring ({@code dispatch-through} waits for the stream each time its ring wraps). The
 * stream is a raw address, so a call allocates nothing. Its own class because the symbol is
 * optional (older CANN lacks it) and JNA registers a class's natives all or nothing; see {@link
 * DirectNatives} for the one-library-per-JVM rule.
 */
final class DirectStreamSync {
  private DirectStreamSync() {}

  /** {@code aclError aclrtSynchronizeStreamWithTimeout(aclrtStream stream, int32_t timeout)}. */
  static native int aclrtSynchronizeStreamWithTimeout(long stream, int timeout);
}
