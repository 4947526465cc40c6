package io.github.aicpulaunch.ports.out;

/**
 * A device address, as {@code aclrtMalloc} returns it. Unsigned 64-bit; never 0.
 *
 * @param address the raw address; device code sees exactly this value
 */
public record DevicePtr(long address) {
  public DevicePtr {
    if (address == 0) {
      throw new IllegalArgumentException("a device pointer is never 0 (null)");
    }
  }

  /** This address plus {@code offset} bytes. */
  public DevicePtr plus(long offset) {
    if (offset < 0) {
      throw new IllegalArgumentException("offset must be >= 0, was " + offset);
    }
    return new DevicePtr(address + offset);
  }

  @Override
  public String toString() {
    return String.format("DevicePtr[0x%x]", address);
  }
}
