package io.github.aicpulaunch.app.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The lowest device log level {@code run} shows ({@code --log-level}). DlogRecord's levels: 0
 * DEBUG, 1 INFO, 2 WARN, 3 ERROR; a kernel's printf (simulator only) counts as INFO.
 */
enum DeviceLogLevel {
  DEBUG(0),
  INFO(1),
  WARN(2),
  ERROR(3),
  OFF(Integer.MAX_VALUE);

  final int threshold;

  DeviceLogLevel(int threshold) {
    this.threshold = threshold;
  }

  boolean shows(int dlogLevel) {
    return Math.max(0, Math.min(dlogLevel, 3)) >= threshold;
  }

  /** The name of a DlogRecord level: anything above 3 is an error, as CANN treats it. */
  static String name(int dlogLevel) {
    return switch (dlogLevel) {
      case 0 -> "debug";
      case 1 -> "info";
      case 2 -> "warn";
      default -> "error";
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Accepts the level names in any case. */
  static final class Converter implements ITypeConverter<DeviceLogLevel> {
    @Override
    public DeviceLogLevel convert(String value) {
      try {
        return valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a log level; use debug, info, warn, error or off");
      }
    }
  }
}
