package io.github.aicpulaunch.ports.out;

/**
 * Streams: {@code rtStreamCreate}, {@code rtStreamDestroy}, {@code
 * aclrtSynchronizeStream(WithTimeout)}. Tasks on one stream run in launch order. A failed task puts
 * the stream into an error state that later synchronisations report.
 */
public interface StreamPort {
  /** {@code rtStreamCreate(&stream, 0)} on the calling thread's device. */
  StreamHandle createStream();

  /** {@code rtStreamDestroy}. Legal on a stream in error state (F19). */
  void destroyStream(StreamHandle stream);

  /** {@code aclrtSynchronizeStream}: waits for every task on the stream, without a time limit. */
  void synchronize(StreamHandle stream);

  /**
   * {@code aclrtSynchronizeStreamWithTimeout}.
   *
   * @param timeoutMillis the host's wait budget; -1 waits forever
   * @throws io.github.aicpulaunch.ports.CannCallException 507046 when the budget elapses
   */
  void synchronize(StreamHandle stream, int timeoutMillis);
}
