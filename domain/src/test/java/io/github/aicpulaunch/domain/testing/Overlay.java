package io.github.aicpulaunch.domain.testing;

import java.util.Arrays;

/** Expected file contents for tests that copy bytes into a region of a larger file. */
public final class Overlay {
  private Overlay() {}

  /** {@code n} bytes of 0x5a: a file whose untouched bytes are easy to tell from copied ones. */
  public static byte[] filler(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 0x5a);
    return b;
  }

  /** A copy of {@code base} with {@code bytes} written over it from index {@code at}. */
  public static byte[] overlaid(byte[] base, byte[] bytes, int at) {
    byte[] out = base.clone();
    System.arraycopy(bytes, 0, out, at, bytes.length);
    return out;
  }
}
