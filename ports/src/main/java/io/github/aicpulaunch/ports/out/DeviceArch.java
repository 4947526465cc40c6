package io.github.aicpulaunch.ports.out;

/** The CPU architecture device code runs on, with its ELF {@code e_machine} value. */
public enum DeviceArch {
  /** The AICPU of a real card. */
  AARCH64(183, "AArch64"),
  /** The simulator on an x86-64 host. */
  X86_64(62, "x86-64");

  private final int elfMachine;
  private final String displayName;

  DeviceArch(int elfMachine, String displayName) {
    this.elfMachine = elfMachine;
    this.displayName = displayName;
  }

  /** The ELF {@code e_machine} value of shared objects built for this architecture. */
  public int elfMachine() {
    return elfMachine;
  }

  public String displayName() {
    return displayName;
  }
}
