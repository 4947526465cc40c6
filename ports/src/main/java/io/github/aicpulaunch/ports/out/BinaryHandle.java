package io.github.aicpulaunch.ports.out;

/**
 * An opaque CANN {@code rtBinHandle} as returned by {@code rtsBinaryLoadFromFile}. The value is the
 * handle's raw bits; it means something only to the adapter that issued it.
 *
 * @param value the raw handle, never 0
 */
public record BinaryHandle(long value) {
  public BinaryHandle {
    if (value == 0) {
      throw new IllegalArgumentException("a rtBinHandle is never 0 (null)");
    }
  }

  @Override
  public String toString() {
    return String.format("BinaryHandle[0x%x]", value);
  }
}
