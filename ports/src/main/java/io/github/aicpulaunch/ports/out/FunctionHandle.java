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

  @Override
  public String toString() {
    return String.format("FunctionHandle[0x%x]", value);
  }
}
