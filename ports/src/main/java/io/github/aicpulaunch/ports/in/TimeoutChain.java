package io.github.aicpulaunch.ports.in;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.time.Duration;

/**
 * The three-layer timeout chain (P6): the AICPU scheduler's no-progress watchdog fires before
 * CANN's op-execute watchdog, which fires before the host gives up waiting on the stream. A chain
 * out of that order is refused, because the outer layer would then mask the inner one.
 *
 * @param scheduler AICPU scheduler no-progress watchdog ({@code InitArgs.scheduler_timeout_ms})
 * @param opExecute op-execute watchdog ({@code aclrtSetOpExecuteTimeOutV2})
 * @param streamSync host stream-synchronisation budget
 */
public record TimeoutChain(Duration scheduler, Duration opExecute, Duration streamSync) {
  /** Upstream's production defaults: 10 s, 45 s, 50 s. */
  public static final TimeoutChain DEFAULT =
      new TimeoutChain(Duration.ofSeconds(10), Duration.ofSeconds(45), Duration.ofSeconds(50));

  /** Upstream's CI values: 2 s, 3 s, 4 s. */
  public static final TimeoutChain FAST_FAIL =
      new TimeoutChain(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(4));

  public TimeoutChain {
    requirePositive("scheduler", scheduler);
    requirePositive("op-execute", opExecute);
    requirePositive("stream-sync", streamSync);
    if (scheduler.compareTo(opExecute) >= 0 || opExecute.compareTo(streamSync) >= 0) {
      throw new InvalidRequestException(
          "Timeouts must satisfy scheduler < op-execute < stream-sync, got "
              + scheduler.toMillis()
              + " ms / "
              + opExecute.toMillis()
              + " ms / "
              + streamSync.toMillis()
              + " ms; otherwise an outer timeout masks the inner one (P6).",
          "Order them like the defaults (10 s / 45 s / 50 s) or the CI values (2 s / 3 s / 4 s).");
    }
  }

  private static void requirePositive(String what, Duration d) {
    if (d.isNegative() || d.isZero()) {
      throw new InvalidRequestException(
          "The " + what + " timeout must be positive, was " + d + ".",
          "Give every layer of the timeout chain a positive duration.");
    }
  }
}
