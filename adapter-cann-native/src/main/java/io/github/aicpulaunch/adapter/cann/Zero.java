package io.github.aicpulaunch.adapter.cann;

import java.nio.ByteBuffer;

/** Zeroes a window of a buffer with absolute puts: no allocation, no change of position. */
final class Zero {
  private Zero() {}

  static void fill(ByteBuffer b, int at, int length) {
    int i = at;
    int end = at + length;
    for (; i + Long.BYTES <= end; i += Long.BYTES) {
      b.putLong(i, 0L);
    }
    for (; i < end; i++) {
      b.put(i, (byte) 0);
    }
  }
}
