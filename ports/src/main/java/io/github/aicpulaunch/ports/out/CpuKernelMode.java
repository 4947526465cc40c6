package io.github.aicpulaunch.ports.out;

/** {@code cpuKernelMode} of {@code rtsBinaryLoadFromFile}'s load option 3. */
public enum CpuKernelMode {
  /** Mode 0: the JSON descriptor only; the SO already sits on the device. */
  JSON_ONLY(0),
  /** Mode 1: the JSON plus {@code <stem>.so} read from the host filesystem. */
  SO_AND_JSON(1),
  /** Mode 2: load from data; not accepted by {@code rtsBinaryLoadFromFile}. */
  LOAD_FROM_DATA(2);

  private final int value;

  CpuKernelMode(int value) {
    this.value = value;
  }

  public int value() {
    return value;
  }
}
