package io.github.aicpulaunch.domain.spi;

import java.nio.ByteBuffer;

/**
 * Launches the entries of one session on the session's stream. Owned by exactly one session, which
 * calls it from one thread at a time; implementations need no synchronisation of their own.
 *
 * <p>Lifecycle: {@link #launch} any number of times, then exactly one of {@link #release()} (normal
 * teardown) or {@link #abandon()} (after a device failure). {@code release} may be called again
 * after it failed, to retry.
 */
public interface TaskLauncher {
  /**
   * Launches one entry without waiting. The hot path: allocates nothing per call and marshals no
   * strings (everything name-related was prepared up front). Failures of the kernel itself surface
   * when the session synchronises the stream.
   *
   * @param entryIndex the entry's index in {@link RuntimeImage#entries()}
   * @param payload the argument bytes from position to limit, passed to the device as given; its
   *     position and limit are left unchanged and it may be reused once this returns
   * @param numBlocks number of AICPU blocks, at least 1
   * @throws io.github.aicpulaunch.ports.CannCallException when CANN refuses the launch
   */
  void launch(int entryIndex, ByteBuffer payload, int numBlocks);

  /**
   * Normal teardown: unregisters what {@link LaunchStrategy#prepare} registered and deletes its
   * files. When CANN fails the unload, the launcher keeps the handle (so the binary is not leaked
   * silently or unloaded later into a dead device) and rethrows; calling {@code release} again
   * retries (F21). Idempotent once it succeeded.
   */
  void release();

  /**
   * Teardown after a device failure: forgets every handle without calling CANN (a call into a
   * failed device can block for minutes, F20–F22) and deletes host-side files. Never throws.
   */
  void abandon();
}
