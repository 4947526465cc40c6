package io.github.aicpulaunch.ports.in;

import java.nio.ByteBuffer;

/**
 * One runtime SO, bootstrapped and registered on one device. Not thread-safe: use one session per
 * thread, or synchronise externally. {@link #close()} is idempotent and frees every device buffer
 * and registration the session still holds.
 */
public interface Session extends AutoCloseable {
  SessionInfo info();

  /** Allocates device memory owned by this session. */
  DeviceBuffer allocate(long size);

  /** Copies {@code data} (position to limit) into the buffer at {@code offset}. */
  void write(DeviceBuffer buffer, long offset, ByteBuffer data);

  /** Reads {@code length} bytes from the buffer at {@code offset}. */
  ByteBuffer read(DeviceBuffer buffer, long offset, int length);

  /** Frees a buffer of this session. */
  void free(DeviceBuffer buffer);

  /** Launches an entry on the session's stream without waiting. */
  void launchAsync(LaunchCommand command);

  /** Waits for every launch so far, within the stream-sync timeout of the chain. */
  void synchronize();

  /** Launches and waits: {@link #launchAsync} then {@link #synchronize}. */
  default void launch(LaunchCommand command) {
    launchAsync(command);
    synchronize();
  }

  @Override
  void close();
}
