package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The leak check: {@code cycles} session open/close cycles on the simulator after a warm-up,
 * comparing device memory, allocations, streams, registrations and function handles with their
 * values before the cycles, and the host's resident set size.
 *
 * <p>The warm-up runs rounds of {@code cycles} cycles until one round grows the resident set by
 * less than {@link #SETTLED_KIB} (at least two rounds, at most {@link #MAX_WARMUP_ROUNDS}). In a
 * fresh JVM the first thousand cycles grow it by megabytes that are not leaks: the JIT compiles the
 * open/close path (code cache, compiler arenas) and the simulator's threads get their malloc
 * arenas; with Native Memory Tracking the JVM's own native memory shrinks again once compilation
 * settles. A leak does not settle: it keeps every warm-up round above the threshold, runs all
 * rounds, and still shows in the measured cycles.
 */
public final class SessionSoak {
  /** A warm-up round that grows the resident set by less than this has settled. */
  public static final long SETTLED_KIB = 256;

  /** The most warm-up rounds the soak runs before it measures anyway. */
  public static final int MAX_WARMUP_ROUNDS = 8;

  private SessionSoak() {}

  /**
   * What the soak saw. The device counters must match exactly; RSS is in KiB from {@code
   * /proc/self/status} (-1 where unavailable), after a GC on both sides.
   *
   * @param warmupCycles the open/close cycles run before the measured ones
   */
  public record Result(
      int cycles,
      int warmupCycles,
      String strategy,
      long memoryBefore,
      long memoryAfter,
      int allocationsBefore,
      int allocationsAfter,
      int streamsBefore,
      int streamsAfter,
      int registrationsBefore,
      int registrationsAfter,
      int functionHandlesBefore,
      int functionHandlesAfter,
      long rssBeforeKib,
      long rssAfterKib) {
    /** Whether every device counter is exactly back where it started. */
    public boolean deviceBackToBaseline() {
      return memoryBefore == memoryAfter
          && allocationsBefore == allocationsAfter
          && streamsBefore == streamsAfter
          && registrationsBefore == registrationsAfter
          && functionHandlesBefore == functionHandlesAfter;
    }

    public long rssGrowthKib() {
      return rssBeforeKib < 0 || rssAfterKib < 0 ? -1 : rssAfterKib - rssBeforeKib;
    }
  }

  /** The soak as {@code bench} runs it: warm-up until the resident set settles. */
  public static Result run(int cycles, String strategy) {
    return run(cycles, strategy, MAX_WARMUP_ROUNDS);
  }

  /**
   * The soak with at most {@code maxWarmupRounds} warm-up rounds (1 when only the device counters
   * matter: they must be exact after any warm-up).
   */
  public static Result run(int cycles, String strategy, int maxWarmupRounds) {
    try (SimFixture sim = SimFixture.start()) {
      SessionService service = sim.service(new BootstrapRegistry());
      OpenSessionCommand command =
          Services.command(
              BenchFiles.runtimeSo(true), OpenSessionCommand.DEFAULT_ENTRIES, strategy);
      int warmup = warmUp(service, command, cycles, maxWarmupRounds);
      SimInspector in = sim.inspector();
      System.gc();
      long rssBefore = rssKib();
      long memory = in.deviceMemoryBytesInUse(0);
      int allocations = in.deviceMemoryHandlesInUse(0);
      int streams = in.streamsAlive();
      int registrations = in.registrationsAlive();
      int functions = in.functionHandlesAlive();
      cycle(service, command, cycles);
      System.gc();
      return new Result(
          cycles,
          warmup,
          strategy,
          memory,
          in.deviceMemoryBytesInUse(0),
          allocations,
          in.deviceMemoryHandlesInUse(0),
          streams,
          in.streamsAlive(),
          registrations,
          in.registrationsAlive(),
          functions,
          in.functionHandlesAlive(),
          rssBefore,
          rssKib());
    }
  }

  /**
   * Runs warm-up rounds of {@code cycles} cycles until the resident set settles; returns how many.
   */
  private static int warmUp(
      SessionService service, OpenSessionCommand command, int cycles, int maxRounds) {
    long previous = rssKib();
    for (int round = 1; round <= maxRounds; round++) {
      cycle(service, command, cycles);
      System.gc();
      long now = rssKib();
      if (round >= 2 && (now < 0 || now - previous < SETTLED_KIB)) {
        return round * cycles;
      }
      previous = now;
    }
    return maxRounds * cycles;
  }

  private static void cycle(SessionService service, OpenSessionCommand command, int cycles) {
    for (int i = 0; i < cycles; i++) {
      try (Session s = service.open(command)) {
        s.info();
      }
    }
  }

  /** VmRSS of this process in KiB, or -1 where /proc is not available. */
  static long rssKib() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.substring(6).replace("kB", "").strip());
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
