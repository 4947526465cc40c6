package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.SoBytes;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Device buffers acquired by one operation, freed together by {@link #close()} in reverse order of
 * allocation, on every path (PROTOCOL §3.3 (b) step 10). A buffer is tracked from the moment {@code
 * malloc} returns, so a failed copy still frees it. Not thread-safe.
 */
final class DeviceUploads implements AutoCloseable {
  private final DeviceMemoryPort memory;
  private final List<DevicePtr> held = new ArrayList<>(4);

  DeviceUploads(DeviceMemoryPort memory) {
    this.memory = memory;
  }

  /** {@code aclrtMalloc(size)} then an H2D copy of {@code bytes} (position to limit, unchanged). */
  DevicePtr upload(ByteBuffer bytes) {
    return upload(SoBytes.of(bytes));
  }

  /**
   * {@code aclrtMalloc(size)} then the H2D copy of {@code bytes} ({@link
   * DeviceMemoryPort#copyAllToDevice}): on a card one copy per chunk, so an SO of any size crosses
   * host memory one chunk at a time.
   */
  DevicePtr upload(SoBytes bytes) {
    DevicePtr ptr = allocate(bytes.size());
    memory.copyAllToDevice(ptr, bytes);
    return ptr;
  }

  /** {@code aclrtMalloc(size)}, tracked for {@link #close()}. */
  DevicePtr allocate(long size) {
    DevicePtr ptr = memory.malloc(size);
    held.add(ptr);
    return ptr;
  }

  /** Hands the buffers to the caller: {@link #close()} will not free them. */
  List<DevicePtr> keep() {
    List<DevicePtr> kept = List.copyOf(held);
    held.clear();
    return kept;
  }

  /**
   * Frees every buffer still held after {@code failure} interrupted the operation; a free that
   * fails is added to {@code failure} as suppressed.
   *
   * @return {@code failure}, for {@code throw uploads.rollBack(e)}
   */
  RuntimeException rollBack(RuntimeException failure) {
    try {
      close();
    } catch (AicpuLaunchException e) {
      failure.addSuppressed(e);
    }
    return failure;
  }

  /**
   * Frees every buffer still held, last allocated first. Every free is attempted; a buffer whose
   * free fails stays held (so a later {@code close()} retries it, F21) and the first failure is
   * thrown with the others suppressed.
   */
  @Override
  public void close() {
    AicpuLaunchException first = null;
    for (int i = held.size() - 1; i >= 0; i--) {
      try {
        memory.free(held.get(i));
        held.remove(i);
      } catch (AicpuLaunchException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
