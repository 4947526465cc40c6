package io.github.aicpulaunch.adapter.sim;

import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.spi.MDCAdapter;

/**
 * The device log of one simulator: keeps the most recent lines for {@link SimInspector#deviceLog}
 * and forwards every line to SLF4J. A line of a device goes to logger {@code
 * io.github.aicpulaunch.adapter.sim.device.<logicalId>}, a chip-level line (no device) to {@code
 * io.github.aicpulaunch.adapter.sim.device.chip<index>}; while it is logged the MDC holds {@code
 * chip} and, for a device line, {@code device} (the logical id). DlogRecord levels map 0 debug, 1
 * info, 2 warn, anything else error. Thread-safe.
 */
final class DeviceLog {
  static final String LOGGER_PREFIX = "io.github.aicpulaunch.adapter.sim.device";
  static final String MDC_DEVICE = "device";
  static final String MDC_CHIP = "chip";

  private final int capacity;
  private final Function<String, Logger> loggers;
  private final MDCAdapter mdc;
  private final ArrayDeque<DeviceLogLine> lines = new ArrayDeque<>();

  /**
   * @param capacity how many recent lines to keep
   * @param loggers the SLF4J logger for a name ({@code LoggerFactory::getLogger} in production)
   * @param mdc the MDC the loggers read ({@code MDC.getMDCAdapter()} in production)
   */
  DeviceLog(int capacity, Function<String, Logger> loggers, MDCAdapter mdc) {
    this.capacity = capacity;
    this.loggers = loggers;
    this.mdc = mdc;
  }

  static String loggerName(DeviceLogLine line) {
    return line.logicalDevice() >= 0
        ? LOGGER_PREFIX + "." + line.logicalDevice()
        : LOGGER_PREFIX + ".chip" + line.chip();
  }

  void record(DeviceLogLine line) {
    synchronized (lines) {
      if (lines.size() == capacity) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }
    Logger log = loggers.apply(loggerName(line));
    mdc.put(MDC_CHIP, Integer.toString(line.chip()));
    if (line.logicalDevice() >= 0) {
      mdc.put(MDC_DEVICE, Integer.toString(line.logicalDevice()));
    }
    try {
      String format = "[chip {} device {}] {}";
      switch (line.level()) {
        case 0 -> log.debug(format, line.chip(), line.logicalDevice(), line.text());
        case 1 -> log.info(format, line.chip(), line.logicalDevice(), line.text());
        case 2 -> log.warn(format, line.chip(), line.logicalDevice(), line.text());
        default -> log.error(format, line.chip(), line.logicalDevice(), line.text());
      }
    } finally {
      mdc.remove(MDC_CHIP);
      mdc.remove(MDC_DEVICE);
    }
  }

  List<DeviceLogLine> lines() {
    synchronized (lines) {
      return List.copyOf(lines);
    }
  }
}
