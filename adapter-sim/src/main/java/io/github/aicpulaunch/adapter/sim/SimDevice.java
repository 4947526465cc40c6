package io.github.aicpulaunch.adapter.sim;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * One die: a device as CANN's host runtime sees it. Holds the die's memory accounting, its poison
 * state and op-execute timeout. Memory calls synchronise on the device.
 */
final class SimDevice {
  private final Chip chip;
  private final int die;
  private final int physicalId;
  private final int logicalId;
  private final long regionOffset;
  private final DeviceAllocator allocator;
  private final Path customDir;
  private volatile boolean poisoned;
  private volatile @Nullable String poisonCause;
  private volatile long opTimeoutMicros;
  private volatile @Nullable String latchedKfcSo;
  private volatile boolean forceReleased;

  SimDevice(
      Chip chip,
      int die,
      int physicalId,
      int logicalId,
      long regionOffset,
      long budget,
      Path customDir,
      long opTimeoutMicros) {
    this.chip = chip;
    this.die = die;
    this.physicalId = physicalId;
    this.logicalId = logicalId;
    this.regionOffset = regionOffset;
    this.allocator = new DeviceAllocator(budget);
    this.customDir = customDir;
    this.opTimeoutMicros = opTimeoutMicros;
  }

  Chip chip() {
    return chip;
  }

  int die() {
    return die;
  }

  int physicalId() {
    return physicalId;
  }

  /** The logical id under the configured visibility, or -1 when the process cannot see it. */
  int logicalId() {
    return logicalId;
  }

  /** Offset of this die's memory region in the chip's device memory. */
  long regionOffset() {
    return regionOffset;
  }

  DeviceAllocator allocator() {
    return allocator;
  }

  /** {@code cust_aicpu_<device>_<vf>_<hostPid>}: where the custom scheduler finds SOs. */
  Path customDir() {
    return customDir;
  }

  boolean poisoned() {
    return poisoned;
  }

  @Nullable String poisonCause() {
    return poisonCause;
  }

  void poison(String cause) {
    if (!poisoned) {
      poisonCause = cause;
    }
    poisoned = true;
  }

  void clearPoison() {
    poisoned = false;
    poisonCause = null;
  }

  long opTimeoutMicros() {
    return opTimeoutMicros;
  }

  void setOpTimeoutMicros(long micros) {
    opTimeoutMicros = micros;
  }

  /** Whether a force reset released the context and no rtSetDevice has created a new one. */
  boolean forceReleased() {
    return forceReleased;
  }

  void setForceReleased(boolean released) {
    forceReleased = released;
  }

  @Nullable String latchedKfcSo() {
    return latchedKfcSo;
  }

  void setLatchedKfcSo(@Nullable String path) {
    latchedKfcSo = path;
  }
}
