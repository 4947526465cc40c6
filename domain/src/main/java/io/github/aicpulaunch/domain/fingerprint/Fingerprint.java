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
    return String.format("%016x", value);
  }

  @Override
  public String toString() {
    return hex();
  }
}
