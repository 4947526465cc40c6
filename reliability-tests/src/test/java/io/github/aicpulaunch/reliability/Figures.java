package io.github.aicpulaunch.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * Appends what a torture or kill run measured (counts, durations, load average) to {@code
 * target/reliability-figures.log}, where docs/RELIABILITY.md's figures come from. A file rather
 * than the log: the figures are a result of the run, not a diagnostic, and the test logging level
 * hides INFO.
 */
final class Figures {
  private static final Path FILE = Path.of("target", "reliability-figures.log");

  private Figures() {}

  static synchronized void record(String test, String figures) {
    String line =
        Instant.now()
            + " "
            + test
            + " ["
            + System.getProperty("reliability.scale", "short")
            + "] "
            + figures
            + "; load average "
            + loadAverage()
            + System.lineSeparator();
    try {
      Files.createDirectories(FILE.getParent());
      Files.writeString(
          FILE, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record figures in " + FILE.toAbsolutePath(), e);
    }
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).strip();
    } catch (IOException e) {
      return "(unknown: " + e.getMessage() + ")";
    }
  }
}
