package io.github.aicpulaunch.app.cli;

/**
 * Durations in milliseconds with one decimal, as {@code String.format(Locale.ROOT, "%.1f", ms)}
 * renders them (rounded half up), without {@link java.util.Formatter}: its floating-point
 * conversion loads {@code DecimalFormatSymbols} and the locale providers, milliseconds of a CLI
 * start (docs/PERFORMANCE.md, "Issue 18").
 */
final class Millis {
  private Millis() {}

  /** {@code nanos} nanoseconds in milliseconds, e.g. {@code "12.3"}. */
  static String ofNanos(long nanos) {
    return tenths(nanos, 100_000);
  }

  /** {@code micros} microseconds in milliseconds, e.g. {@code "0.7"}. */
  static String ofMicros(long micros) {
    return tenths(micros, 100);
  }

  /** {@code value} in tenths of {@code 10 * perTenth}, the half rounded away from zero. */
  private static String tenths(long value, long perTenth) {
    long magnitude = Math.abs(value);
    long t = magnitude / perTenth + (magnitude % perTenth * 2 >= perTenth ? 1 : 0);
    return (value < 0 ? "-" : "") + t / 10 + "." + t % 10;
  }
}
