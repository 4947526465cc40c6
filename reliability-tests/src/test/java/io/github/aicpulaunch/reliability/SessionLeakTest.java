package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Many session cycles (open, allocate, write, launch over every AICPU core, read, free, close) per
 * launch strategy, with every resource the cycle touches measured before and after: device memory
 * and allocations, registrations, function handles and streams in the simulator (F13, P9), the
 * host's file descriptors and threads, the AICPU OS process's descriptors and threads, the
 * preinstall directory (only final files, F4) and the descriptor directory (no leftover JSON, F7,
 * F8). Equality with the baseline taken after a warm-up, no slack; threads get a short settle wait
 * for pool threads that are winding down. Every launch's result is checked element by element, so a
 * block that does not run in a later launch fails the test (F39). 100 cycles in {@code verify},
 * 1,000 with {@code -Preliability-long}.
 */
class SessionLeakTest {
  /** Where each run writes its figures (the module's build directory). */
  private static final Path FIGURES = Path.of("target", "reliability");

  private static final int CORES = 6;
  private static final int WARM_UP = 3;

  @TempDir Path tmp;

  /** Everything a leak would show up in. */
  record Footprint(
      long deviceBytes,
      int allocations,
      int registrations,
      int functionHandles,
      int streams,
      int hostFds,
      long osPid,
      int osFds,
      int osThreads,
      Set<String> preinstall,
      Set<String> descriptors) {}

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rts-json", "direct-aicpu", "dispatch-through"})
  @DisplayName("F13, P9, F39: session cycles per strategy leave every resource at its baseline")
  void sessionCyclesLeakNothing(String launch) throws Exception {
    int cycles = Scale.pick(100, 1000);
    Path so = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    SimConfig config = SimConfig.builder().chips(1).aicpuCoresPerDie(CORES).build();
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      for (int i = 0; i < WARM_UP; i++) {
        cycle(aicpu, so, launch, i);
      }
      Footprint baseline = stable(aicpu, inspector);
      int threads = settledThreads(Integer.MAX_VALUE);
      long start = System.nanoTime();
      for (int i = 0; i < cycles; i++) {
        cycle(aicpu, so, launch, i);
      }
      long micros = (System.nanoTime() - start) / 1000;
      Footprint after = settled(aicpu, inspector, baseline);
      int threadsAfter = settledThreads(threads);
      report(
          launch,
          String.format(
              "%s: %d cycles, %d us per cycle; host threads %d -> %d;%n  before %s%n  after  %s%n",
              launch, cycles, micros / cycles, threads, threadsAfter, baseline, after));

      assertThat(after).isEqualTo(baseline);
      assertThat(threadsAfter).as("live host threads").isEqualTo(threads);
      assertThat(after.deviceBytes()).isZero();
      assertThat(after.allocations()).isZero();
      assertThat(after.registrations()).isZero();
      assertThat(after.functionHandles()).isZero();
      assertThat(after.streams()).isZero();
      assertThat(after.descriptors()).as("descriptor directory").isEmpty();
      assertThat(after.preinstall())
          .as("preinstall directory: the one runtime SO under its final name, no temporaries")
          .singleElement()
          .satisfies(name -> assertThat(name).matches("simpler_inner_[0-9a-f]{16}_0\\.so"));
    }
  }

  @Test
  @DisplayName(
      "F21, P9: failing-kernel cycles (507018, session abandoned, recover()) leave every resource"
          + " at its baseline")
  void failureAndRecoveryCyclesLeakNothing() throws Exception {
    int cycles = Scale.pick(20, 200);
    Path failing = DeviceSos.copy(tmp, "fixtures/libfaulty_exec_fails.so");
    Path so = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    SimConfig config = SimConfig.builder().chips(1).aicpuCoresPerDie(CORES).build();
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      for (int i = 0; i < WARM_UP; i++) {
        failAndRecover(aicpu, failing, i);
      }
      Footprint baseline = stable(aicpu, inspector);
      int threads = settledThreads(Integer.MAX_VALUE);
      for (int i = 0; i < cycles; i++) {
        failAndRecover(aicpu, failing, i);
      }
      Footprint after = settled(aicpu, inspector, baseline);
      int threadsAfter = settledThreads(threads);
      report(
          "failure-recovery",
          String.format(
              "failure-recovery: %d cycles; host threads %d -> %d;%n  before %s%n  after  %s%n",
              cycles, threads, threadsAfter, baseline, after));
      assertThat(after).isEqualTo(baseline);
      assertThat(threadsAfter).as("live host threads").isEqualTo(threads);
      assertThat(after.deviceBytes()).isZero();
      assertThat(after.streams()).isZero();
      assertThat(after.registrations()).isZero();
      assertThat(after.descriptors()).as("descriptor directory").isEmpty();
      // the device still works, and the same process goes on using it
      cycle(aicpu, so, "rts-json", 5);
    }
  }

  private static void failAndRecover(AicpuLaunch aicpu, Path failing, int i) {
    String launch = i % 2 == 0 ? "rts-json" : "direct-aicpu";
    try (Session s = aicpu.open(DeviceSos.open(0, failing, launch, DeviceSos.GENEROUS))) {
      s.allocate(4096);
      assertThatThrownBy(() -> s.launch(DeviceSos.exec(CORES)))
          .isInstanceOf(CannCallException.DeviceFailure.class);
    }
    aicpu.recover(0);
  }

  private static void report(String name, String text) throws IOException {
    Files.createDirectories(FIGURES);
    Files.writeString(FIGURES.resolve("leaks-" + name + ".txt"), text, StandardCharsets.UTF_8);
  }

  private static void cycle(AicpuLaunch aicpu, Path so, String launch, int i) {
    try (Session s = aicpu.open(DeviceSos.open(0, so, launch, DeviceSos.GENEROUS))) {
      DeviceSos.addAndVerify(s, 4 * CORES + i % 7, CORES, i);
    }
  }

  private static Footprint footprint(AicpuLaunch aicpu, SimInspector inspector) throws IOException {
    long pid = inspector.aicpuOsPid(0);
    return new Footprint(
        inspector.deviceMemoryBytesInUse(0),
        inspector.deviceMemoryHandlesInUse(0),
        inspector.registrationsAlive(),
        inspector.functionHandlesAlive(),
        inspector.streamsAlive(),
        DeviceSos.entries(Path.of("/proc/self/fd")),
        pid,
        DeviceSos.entries(Path.of("/proc/" + pid + "/fd")),
        DeviceSos.entries(Path.of("/proc/" + pid + "/task")),
        names(inspector.preinstallDir(0)),
        names(aicpu.descriptorDirectory()));
  }

  /** A footprint read twice in a row with the same result: no block thread is still exiting. */
  private static Footprint stable(AicpuLaunch aicpu, SimInspector inspector) throws Exception {
    Footprint last = footprint(aicpu, inspector);
    for (int i = 0; i < 40; i++) {
      Thread.sleep(50);
      Footprint now = footprint(aicpu, inspector);
      if (now.equals(last)) {
        return now;
      }
      last = now;
    }
    return last;
  }

  /**
   * The footprint once it equals {@code expected}, or after two seconds of waiting for it: the
   * AICPU OS's block threads of the last launch may take a moment to exit. Counts that a leak
   * raises never fall by themselves, so the wait adds no slack to the comparison.
   */
  private static Footprint settled(AicpuLaunch aicpu, SimInspector inspector, Footprint expected)
      throws Exception {
    Footprint now = footprint(aicpu, inspector);
    for (int i = 0; i < 40 && !now.equals(expected); i++) {
      Thread.sleep(50);
      now = footprint(aicpu, inspector);
    }
    return now;
  }

  /**
   * The number of live threads once it is no more than {@code expected}, or after two seconds of
   * waiting for it: pool threads that finished their work may take a moment to exit.
   */
  private static int settledThreads(int expected) throws InterruptedException {
    int live = Thread.getAllStackTraces().size();
    for (int i = 0; i < 40 && live > expected; i++) {
      Thread.sleep(50);
      live = Thread.getAllStackTraces().size();
    }
    return live;
  }

  private static Set<String> names(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Set.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      List<String> list = entries.map(p -> p.getFileName().toString()).toList();
      return new TreeSet<>(list);
    }
  }
}
