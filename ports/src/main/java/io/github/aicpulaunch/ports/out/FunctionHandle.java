package io.github.aicpulaunch.ports.out;

/**
 * An opaque CANN {@code rtFuncHandle} as returned by {@code rtsFuncGetByName}. The value is the
 * handle's raw bits; it means something only to the adapter that issued it.
 *
 * @param value the raw handle, never 0
 */
public record FunctionHandle(long value) {
  public FunctionHandle {
    if (value == 0) {
      throw new IllegalArgumentException("a rtFuncHandle is never 0 (null)");
    }
  }

  // Written out, as StreamHandle's are: a record's generated equals and hashCode are linked through
  // invokedynamic on first use, which a new process pays (docs/PERFORMANCE.md, issue 18).
  @Override
  public boolean equals(Object other) {
    return other instanceof FunctionHandle h && h.value == value;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(value);
  }

  @Override
  public String toString() {
    return String.format("FunctionHandle[0x%x]", value);
  }
}
