package io.github.aicpulaunch.domain.spi;

/**
 * The SO a deployment makes CANN's KFC extend library latch on a device (F1). The library keeps the
 * first SO it saves and loads for the life of the device's AICPU process and silently skips every
 * later, different one; two latches on one device are therefore compatible only when they are
 * {@linkplain #sameSoAs the same SO}.
 *
 * @param kind what the latched SO is
 * @param identity what makes the SO distinct: equal identities mean byte-identical SOs (for example
 *     a fingerprint in hex); compared, never parsed
 * @param description a short human name for error messages, e.g. {@code "the aicpu-launch
 *     dispatcher"}
 */
public record KfcLatch(Kind kind, String identity, String description) {
  /** What kind of SO sits in the latch. */
  public enum Kind {
    /**
     * The runtime-agnostic dispatcher SO: identical for every runtime of an architecture, so any
     * number of runtimes can share it.
     */
    DISPATCHER,
    /** A runtime SO itself: one runtime per device per process. */
    RUNTIME_SO
  }

  public KfcLatch {
    if (identity.isBlank()) {
      throw new IllegalArgumentException("a KFC latch needs a non-blank identity");
    }
    if (description.isBlank()) {
      throw new IllegalArgumentException("a KFC latch needs a non-blank description");
    }
  }

  /** Whether {@code other} latches the same SO, so that both can share one device. */
  public boolean sameSoAs(KfcLatch other) {
    return kind == other.kind && identity.equals(other.identity);
  }
}
