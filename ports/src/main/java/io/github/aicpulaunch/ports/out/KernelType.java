package io.github.aicpulaunch.ports.out;

/** CANN's {@code rtKernelType_t}, with CANN's numeric values. */
public enum KernelType {
  CCE(0),
  FWK(1),
  /** A type-2 kernel run by the main aicpu_scheduler from the preinstall directory. */
  AICPU(2),
  /** A type-4 kernel run by the custom AICPU scheduler (Path B, issue #822). */
  AICPU_CUSTOM(4),
  /** A type-5 kernel run through CANN's KFC library ({@code libaicpu_extend_kernels.so}). */
  AICPU_KFC(5),
  CUSTOM_KFC(6),
  HWTS(10),
  RESERVED(99);

  private final int value;

  KernelType(int value) {
    this.value = value;
  }

  /** The numeric value CANN uses. */
  public int value() {
    return value;
  }

  /**
   * The kernel type for a CANN value.
   *
   * @throws IllegalArgumentException if CANN defines no kernel type with that value
   */
  public static KernelType of(int value) {
    for (KernelType t : values()) {
      if (t.value == value) {
        return t;
      }
    }
    throw new IllegalArgumentException("no rtKernelType_t has the value " + value);
  }
}
