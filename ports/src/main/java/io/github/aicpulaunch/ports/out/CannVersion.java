package io.github.aicpulaunch.ports.out;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CANN version such as {@code 8.5.0}, {@code 9.0.0} or {@code 9.1.T500}.
 *
 * @param major first number
 * @param minor second number
 * @param patch third number; 0 when absent
 * @param text the version as CANN reported it
 */
public record CannVersion(int major, int minor, int patch, String text)
    implements Comparable<CannVersion> {
  private static final Pattern FORMAT =
      Pattern.compile("(\\d{1,4})\\.(\\d{1,4})(?:\\.(?:[A-Za-z]*)(\\d{1,6}))?(?:[.-]\\S*)?");

  public CannVersion {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("version numbers are never negative: " + text);
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("the version text is empty");
    }
  }

  /**
   * Parses {@code MAJOR.MINOR[.PATCH]}, where PATCH may carry a letter prefix ({@code T500}).
   *
   * @throws IllegalArgumentException for text that is not a CANN version
   */
  public static CannVersion parse(String text) {
    Matcher m = FORMAT.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a CANN version (expected MAJOR.MINOR[.PATCH], e.g. 9.0.0)");
    }
    String patch = m.group(3);
    return new CannVersion(
        Integer.parseInt(m.group(1)),
        Integer.parseInt(m.group(2)),
        patch == null ? 0 : Integer.parseInt(patch),
        text.strip());
  }

  /** Whether this version is {@code major.minor} or later. */
  public boolean atLeast(int major, int minor) {
    return this.major > major || (this.major == major && this.minor >= minor);
  }

  @Override
  public int compareTo(CannVersion o) {
    int c = Integer.compare(major, o.major);
    if (c == 0) {
      c = Integer.compare(minor, o.minor);
    }
    return c != 0 ? c : Integer.compare(patch, o.patch);
  }

  @Override
  public String toString() {
    return text;
  }
}
