package io.github.aicpulaunch.domain.fingerprint;

import java.util.Objects;

/**
 * A runtime SO's 64-bit fingerprint and where it came from. Rendered as 16 lower-case hex digits
 * ({@code %016x}), the form every name built from it uses.
 */
public record Fingerprint(long value, Source source) {
  /** Which branch of PROTOCOL §5 produced the value. */
  public enum Source {
    /** The first 8 bytes of the GNU Build-ID, read little-endian. */
    BUILD_ID,
    /** FNV-1a 64 over the whole file, when there is no qualifying Build-ID. */
    FNV1A_64
  }

  public Fingerprint {
    Objects.requireNonNull(source, "source");
  }

  /** {@code %016x}: 16 lower-case hex digits, zero-padded. */
  public String hex() {
    return hex(value);
  }

  /**
   * {@code String.format("%016x", value)} without a {@code Formatter}: a new process's first open
   * renders fingerprints before anything else formats, and a first format costs it about a
   * millisecond (docs/PERFORMANCE.md, issue 18).
   */
  public static String hex(long value) {
    String digits = Long.toHexString(value);
    return "0000000000000000".substring(digits.length()) + digits;
  }

  // equals and hashCode are written out: a record's own are linked through invokedynamic
  // (ObjectMethods) on first use, which costs a new process about 10-20 ms each on its first open
  // (docs/PERFORMANCE.md, issue 18). Same meaning as the generated ones.
  @Override
  public boolean equals(Object other) {
    return other instanceof Fingerprint f && f.value == value && f.source == source;
  }

  @Override
  public int hashCode() {
    return 31 * Long.hashCode(value) + source.hashCode();
  }

  @Override
  public String toString() {
    return hex();
  }
}
