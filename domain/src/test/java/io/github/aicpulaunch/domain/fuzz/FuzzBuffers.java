package io.github.aicpulaunch.domain.fuzz;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Buffers the fuzz tests hand to the code under test. */
final class FuzzBuffers {
  private FuzzBuffers() {}

  /**
   * A heap buffer holding {@code prefix} bytes of 0xA5 then {@code data}, at position {@code
   * prefix}, in {@code order}: readers must start at the position and ignore the byte order.
   */
  static ByteBuffer atPosition(byte[] data, int prefix, ByteOrder order) {
    ByteBuffer buffer = ByteBuffer.allocate(prefix + data.length).order(order);
    for (int i = 0; i < prefix; i++) {
      buffer.put((byte) 0xA5);
    }
    buffer.put(data);
    return buffer.position(prefix);
  }
}
