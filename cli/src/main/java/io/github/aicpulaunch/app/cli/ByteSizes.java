package io.github.aicpulaunch.app.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte counts as users write them: {@code 4096}, {@code 512K}, {@code 64M}, {@code 1G}. */
final class ByteSizes {
  /** A count with an optional K, M or G suffix (powers of 1024). */
  static final Pattern SIZE = Pattern.compile("(\\d{1,19})([KMG]?)", Pattern.CASE_INSENSITIVE);

  private ByteSizes() {}

  /**
   * The byte count {@code text} names, or -1 when it is not a size or does not fit in a long. Zero
   * is a size; callers that need at least one byte say so.
   */
  static long parse(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      return -1;
    }
    int shift =
        switch (m.group(2).toUpperCase(Locale.ROOT)) {
          case "K" -> 10;
          case "M" -> 20;
          case "G" -> 30;
          default -> 0;
        };
    long value;
    try {
      value = Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return -1;
    }
    if (value > Long.MAX_VALUE >> shift) {
      return -1;
    }
    return value << shift;
  }
}
