package io.github.aicpulaunch.domain.spi;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A runtime SO that passed validation, as strategies see it. Holds no SO bytes: a deployment
 * receives them once through {@link DeployContext#runtimeSo()}, and nothing keeps a copy after the
 * bootstrap.
 *
 * @param path where the SO was read from on the host
 * @param fingerprint the 64-bit fingerprint (PROTOCOL §5): the first 8 Build-ID bytes read
 *     little-endian, else FNV-1a 64 over the whole file
 * @param fingerprintHex {@code fingerprint} as 16 lower-case hex digits ({@code %016x})
 * @param fingerprintSource {@code "build-id"} or {@code "fnv1a-64"}
 * @param preinstallName the SO's basename in the device's preinstall directory, {@code
 *     simpler_inner_<fp>_<device>.so} with the physical device id when known (F3b)
 * @param entries the declared entries, in declaration order; the index of an entry in this list is
 *     the {@code entryIndex} of {@link TaskLauncher#launch}
 * @param size the SO's size in bytes
 * @param elfMachine the SO's ELF {@code e_machine}
 */
public record RuntimeImage(
    Path path,
    long fingerprint,
    String fingerprintHex,
    String fingerprintSource,
    String preinstallName,
    List<EntryPoint> entries,
    long size,
    int elfMachine) {
  /** {@link #fingerprintSource()} of a fingerprint taken from the GNU Build-ID note. */
  public static final String SOURCE_BUILD_ID = "build-id";

  /** {@link #fingerprintSource()} of a fingerprint that fell back to FNV-1a 64. */
  public static final String SOURCE_FNV1A_64 = "fnv1a-64";

  /** CANN's SO name pattern ({@code PATTERN_FOR_SO_NAME}, PROTOCOL §7.3). */
  private static final Pattern SO_NAME = Pattern.compile("[A-Za-z0-9_.\\-]{1,100}");

  public RuntimeImage {
    if (!path.isAbsolute()) {
      throw new IllegalArgumentException("runtime SO path must be absolute, was " + path);
    }
    // %016x without a Formatter (the SPI sees only the ports and the JDK, so not Fingerprint.hex).
    String digits = Long.toHexString(fingerprint);
    String expectedHex = "0000000000000000".substring(digits.length()) + digits;
    if (!expectedHex.equals(fingerprintHex)) {
      throw new IllegalArgumentException(
          "fingerprintHex '" + fingerprintHex + "' does not render fingerprint " + expectedHex);
    }
    if (!fingerprintSource.equals(SOURCE_BUILD_ID) && !fingerprintSource.equals(SOURCE_FNV1A_64)) {
      throw new IllegalArgumentException(
          "fingerprintSource must be 'build-id' or 'fnv1a-64', was '" + fingerprintSource + "'");
    }
    if (!SO_NAME.matcher(preinstallName).matches() || !preinstallName.endsWith(".so")) {
      throw new IllegalArgumentException(
          "preinstall name '" + preinstallName + "' is not a CANN SO name ([A-Za-z0-9_.-], .so)");
    }
    entries = List.copyOf(entries);
    if (entries.isEmpty()) {
      throw new IllegalArgumentException("a runtime image declares at least one entry");
    }
    HashSet<String> seen = new HashSet<>();
    for (EntryPoint e : entries) {
      if (!seen.add(e.symbol())) {
        throw new IllegalArgumentException("entry '" + e.symbol() + "' is declared twice");
      }
      if (!e.opType().equals(e.symbol() + "_" + fingerprintHex)) {
        throw new IllegalArgumentException(
            "opType '"
                + e.opType()
                + "' does not carry this image's fingerprint "
                + fingerprintHex);
      }
    }
    if (size <= 0) {
      throw new IllegalArgumentException("runtime SO size must be > 0, was " + size);
    }
  }

  /** The declared entry symbols, in order. */
  public List<String> symbols() {
    return entries.stream().map(EntryPoint::symbol).toList();
  }

  /** The index of a declared entry, or -1 when it was not declared. */
  public int indexOf(String symbol) {
    for (int i = 0; i < entries.size(); i++) {
      if (entries.get(i).symbol().equals(symbol)) {
        return i;
      }
    }
    return -1;
  }
}
