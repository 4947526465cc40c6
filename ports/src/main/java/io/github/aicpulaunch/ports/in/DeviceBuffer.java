package io.github.aicpulaunch.ports.in;

/**
 * A block of device memory owned by a session. Its {@link #address()} may be written into payloads;
 * device code sees the same value.
 *
 * @param address device address
 * @param size size in bytes
 */
public record DeviceBuffer(long address, long size) {
  public DeviceBuffer {
    if (address == 0) {
      throw new IllegalArgumentException("device buffer address is 0");
    }
    if (size <= 0) {
      throw new IllegalArgumentException("device buffer size must be > 0, was " + size);
    }
  }
}
