package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Millis} renders what {@code String.format(Locale.ROOT, "%.1f", ...)} renders. */
class MillisTest {
  private static String format(double ms) {
    return String.format(Locale.ROOT, "%.1f", ms);
  }

  @Test
  void microsecondsAsFormatRendersThemDividedByAThousand() {
    for (long micros = -2_000; micros <= 300_000; micros++) {
      String expected = format(micros / 1e3);
      if (!Millis.ofMicros(micros).equals(expected)) {
        assertThat(Millis.ofMicros(micros)).as("%d µs", micros).isEqualTo(expected);
      }
    }
  }

  @Test
  void nanosecondsAsFormatRendersThemDividedByAMillion() {
    // Every tenth of a millisecond up to 5 s, at and around its rounding boundary.
    for (long tenth = 0; tenth < 50_000; tenth++) {
      for (long nanos :
          new long[] {tenth * 100_000, tenth * 100_000 + 49_999, tenth * 100_000 + 50_000}) {
        String expected = format(nanos / 1e6);
        if (!Millis.ofNanos(nanos).equals(expected)) {
          assertThat(Millis.ofNanos(nanos)).as("%d ns", nanos).isEqualTo(expected);
        }
      }
    }
    SplittableRandom random = new SplittableRandom(18);
    for (int i = 0; i < 100_000; i++) {
      long nanos = random.nextLong(0, 3_600_000_000_000L);
      String expected = format(nanos / 1e6);
      if (!Millis.ofNanos(nanos).equals(expected)) {
        assertThat(Millis.ofNanos(nanos)).as("%d ns", nanos).isEqualTo(expected);
      }
    }
  }

  @Test
  void examples() {
    assertThat(Millis.ofMicros(0)).isEqualTo("0.0");
    assertThat(Millis.ofMicros(681)).isEqualTo("0.7");
    assertThat(Millis.ofMicros(1_250)).isEqualTo("1.3");
    assertThat(Millis.ofNanos(446_119_000)).isEqualTo("446.1");
    assertThat(Millis.ofNanos(-40_000)).isEqualTo("-0.0");
  }
}
