package io.github.aicpulaunch.reliability;

/**
 * How hard the reliability tests push: {@code short} in {@code verify}, {@code long} with {@code
 * -Preliability-long}. Each test picks its counts from here so both runs execute the same code.
 */
final class Scale {
  private Scale() {}

  static boolean isLong() {
    return "long".equals(System.getProperty("reliability.scale", "short"));
  }

  /** {@code shortCount} in verify, {@code longCount} on demand. */
  static int pick(int shortCount, int longCount) {
    return isLong() ? longCount : shortCount;
  }
}
