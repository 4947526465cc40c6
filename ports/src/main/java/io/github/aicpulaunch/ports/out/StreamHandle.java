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

  // equals and hashCode are written out: a record's own are linked through invokedynamic
  // (ObjectMethods) on first use, which costs a new process about 10-20 ms each on its first open
  // (docs/PERFORMANCE.md, issue 18). Same meaning as the generated ones.
  @Override
  public boolean equals(Object other) {
    return other instanceof StreamHandle h && h.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format("StreamHandle[0x%x]", value);
  }
}
