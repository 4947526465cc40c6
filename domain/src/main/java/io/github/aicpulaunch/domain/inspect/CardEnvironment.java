package io.github.aicpulaunch.domain.inspect;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * What the AICPU process on a card offers a runtime SO at load time, as {@code inspect} checks it:
 * the libraries every device image has, the symbols the AICPU process itself defines, and the
 * newest glibc symbol version its C library has.
 *
 * <p>Sources: the device symbols are docs/ABI.md's "Symbols the AICPU OS provides" ({@code
 * DlogRecord}, {@code halGetDeviceInfo}; PROTOCOL §6, §9). The libraries are the C and C++ runtime
 * a Linux AICPU OS runs its own scheduler on, and {@code libascend_hal.so}, which upstream's a5
 * runtime links (PROTOCOL §9, §10). The glibc version is an assumption: no public source states the
 * device side's glibc, so {@link #DEFAULT_MAX_GLIBC} is a stated guess (glibc 2.28, EulerOS 2.0's,
 * the OS Ascend device images derive from) and is configurable ({@code inspect --card-glibc}) with
 * the value {@code ldd --version} prints on the card's device side.
 *
 * @param libraries DT_NEEDED names the card has
 * @param deviceSymbols undefined symbols the AICPU process defines
 * @param maxGlibc the newest {@code GLIBC_x.y} version the card's C library has, e.g. {@code
 *     "2.28"}; null to skip the check
 */
public record CardEnvironment(
    Set<String> libraries, Set<String> deviceSymbols, @Nullable String maxGlibc) {
  /** The assumed glibc of a card's AICPU OS (see the class comment). */
  public static final String DEFAULT_MAX_GLIBC = "2.28";

  /** The C and C++ runtime libraries, for both machines a runtime SO is built for. */
  public static final Set<String> CARD_LIBRARIES =
      Set.of(
          "libc.so.6",
          "libm.so.6",
          "libpthread.so.0",
          "libdl.so.2",
          "librt.so.1",
          "libstdc++.so.6",
          "libgcc_s.so.1",
          "ld-linux-aarch64.so.1",
          "ld-linux-x86-64.so.2",
          "libascend_hal.so");

  /** docs/ABI.md "Symbols the AICPU OS provides". */
  public static final Set<String> DEVICE_SYMBOLS = Set.of("DlogRecord", "halGetDeviceInfo");

  private static final Pattern VERSION = Pattern.compile("\\d{1,9}(\\.\\d{1,9})*");
  private static final Pattern GLIBC = Pattern.compile("GLIBC_(\\d{1,9}(?:\\.\\d{1,9})*)");

  public CardEnvironment {
    libraries = Set.copyOf(libraries);
    deviceSymbols = Set.copyOf(deviceSymbols);
    if (maxGlibc != null && !VERSION.matcher(maxGlibc).matches()) {
      throw new IllegalArgumentException(
          "'" + maxGlibc + "' is not a glibc version such as 2.28 (digits separated by dots)");
    }
  }

  /** The defaults: the libraries and device symbols above, glibc {@value #DEFAULT_MAX_GLIBC}. */
  public static CardEnvironment defaults() {
    return new CardEnvironment(CARD_LIBRARIES, DEVICE_SYMBOLS, DEFAULT_MAX_GLIBC);
  }

  /** The same with another newest glibc version, or none to skip that check. */
  public CardEnvironment withMaxGlibc(@Nullable String version) {
    return new CardEnvironment(libraries, deviceSymbols, version);
  }

  /**
   * Whether the card's C library lacks {@code version}: a {@code GLIBC_x.y} newer than {@link
   * #maxGlibc()}, or {@code GLIBC_PRIVATE} (glibc's internals, which differ between builds). Other
   * version names (GLIBCXX_, GCC_, ...) are not judged.
   */
  public boolean lacksGlibc(String version) {
    if (version.equals("GLIBC_PRIVATE")) {
      return true;
    }
    String max = maxGlibc;
    Matcher m = GLIBC.matcher(version);
    if (max == null || !m.matches()) {
      return false;
    }
    return compare(m.group(1), max) > 0;
  }

  private static int compare(String a, String b) {
    List<String> x = List.of(a.split("\\."));
    List<String> y = List.of(b.split("\\."));
    for (int i = 0; i < Math.max(x.size(), y.size()); i++) {
      long p = i < x.size() ? Long.parseLong(x.get(i)) : 0;
      long q = i < y.size() ? Long.parseLong(y.get(i)) : 0;
      if (p != q) {
        return Long.compare(p, q);
      }
    }
    return 0;
  }
}
