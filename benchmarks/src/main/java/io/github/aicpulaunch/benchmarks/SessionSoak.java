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
 * The leak check: {@code cycles} session open/close cycles on the simulator, after a warm-up of the
 * same length, comparing device memory, allocations, streams, registrations and function handles
 * with their values before the cycles, and the host's resident set size.
 */
public final class SessionSoak {
  private SessionSoak() {}

  /**
   * What the soak saw. The device counters must match exactly; RSS is in KiB from {@code
   * /proc/self/status} (-1 where unavailable), after a GC on both sides.
   */
  public record Result(
      int cycles,
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

  public static Result run(int cycles, String strategy) {
    try (SimFixture sim = SimFixture.start()) {
      SessionService service = sim.service(new BootstrapRegistry());
      OpenSessionCommand command =
          Services.command(
              BenchFiles.runtimeSo(true), OpenSessionCommand.DEFAULT_ENTRIES, strategy);
      cycle(service, command, cycles);
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
