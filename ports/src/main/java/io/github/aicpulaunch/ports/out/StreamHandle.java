package io.github.aicpulaunch.ports.out;

/**
 * An opaque CANN {@code rtStream_t} as returned by {@code rtStreamCreate}. The value is the
 * handle's raw bits; it means something only to the adapter that issued it.
 *
 * @param value the raw handle, never 0
 */
public record StreamHandle(long value) {
  public StreamHandle {
    if (value == 0) {
      throw new IllegalArgumentException("a rtStream_t is never 0 (null)");
    }
  }

  @Override
  public String toString() {
    return String.format("StreamHandle[0x%x]", value);
  }
}
