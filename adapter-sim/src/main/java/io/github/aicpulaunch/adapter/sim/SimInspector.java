package io.github.aicpulaunch.adapter.sim;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What tests can see inside the simulator without going through CANN's API: accounting for leak
 * checks (F13), the preinstall filesystem, latches, device log, processes and poison. Devices are
 * named by logical id, chips by index. Thread-safe; values are snapshots.
 */
public interface SimInspector {
  /** Bytes of device memory allocated and not freed on a device (64-byte granules). */
  long deviceMemoryBytesInUse(int logicalDevice);

  /** Number of live allocations on a device. */
  int deviceMemoryHandlesInUse(int logicalDevice);

  /** Binaries registered with {@code rtsBinaryLoadFromFile} and not unloaded. */
  int registrationsAlive();

  /** Function handles whose binary is still registered. */
  int functionHandlesAlive();

  /** Streams created and not destroyed. */
  int streamsAlive();

  /** The chip a logical device belongs to. */
  int chipOf(int logicalDevice);

  /** The chip's preinstall directory (shared by its dies). */
  Path preinstallDir(int chip);

  /**
   * The chip's equivalent of {@code /usr/lib64/aicpu_kernels/}: where the SO manager looks when a
   * SO cannot be loaded from its kind's directory (PROTOCOL 7.3). The default preinstall directory
   * is its {@code 0/aicpu_kernels_device/}; the SO manager's last fallback is {@code
   * <preinstall>/<hostPid>_<physicalDeviceId>/}.
   */
  Path kernelRoot(int chip);

  /** The custom-scheduler directory of a device ({@code cust_aicpu_<dev>_0_<hostPid>}). */
  Path customDir(int logicalDevice);

  /** Where the KFC library of a device saved the SO it latched, if it latched one. */
  Optional<Path> latchedKfcSo(int logicalDevice);

  /**
   * The device log so far, oldest first (bounded to the most recent lines). Every line also goes to
   * SLF4J: logger {@code io.github.aicpulaunch.adapter.sim.device.<logicalId>} (or {@code
   * ...device.chip<index>} for chip-level lines), with MDC keys {@code device} and {@code chip}.
   */
  List<DeviceLogLine> deviceLog();

  /** The lines of {@link #deviceLog()} that one logical device's launches produced. */
  List<DeviceLogLine> deviceLog(int logicalDevice);

  /** The pid of the chip's AICPU OS process, or -1 when it is not running. */
  long aicpuOsPid(int chip);

  /** Whether a device is sticky-poisoned (507899 until a force reset). */
  boolean poisoned(int logicalDevice);
}
