package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F4, F15: the process that publishes (the AICPU OS, where the dispatcher runs; the chip's process
 * in the simulator) is killed with SIGKILL at random points of the write/fsync/rename sequence of a
 * large runtime SO. The final name must then be absent or the whole, right file, never a prefix;
 * the next bootstrap, in a new AICPU OS, removes the dead publisher's temporary and succeeds. The C
 * counterpart, which forks a publisher and kills it, is {@code test_publish.c} ({@code
 * killed_publisher_never_leaves_a_partial_file}).
 */
class KillDuringPublishTest {
  private static final int SIZE = 24 << 20;
  private static final long FINGERPRINT = 0x6b696c6c00000018L;

  @TempDir Path tmp;

  private final ExecutorService opener = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopOpener() {
    opener.shutdownNow();
  }

  @Test
  @DisplayName("F4 short: SIGKILL of the publishing AICPU OS at random points, 12 times")
  void shortKills() throws Exception {
    kills(12);
  }

  @Test
  @Tag("long")
  @DisplayName("F4 long: SIGKILL of the publishing AICPU OS at random points, 100 times")
  void longKills() throws Exception {
    kills(100);
  }

  private void kills(int rounds) throws Exception {
    Path dir = Files.createDirectory(tmp.resolve("aicpu_kernels_device"));
    Path big =
        RuntimeCopies.variant(
            RuntimeCopies.packaged(tmp, RuntimeCopies.VECTOR),
            tmp.resolve("libbig_runtime.so"),
            FINGERPRINT,
            SIZE);
    byte[] bytes = Files.readAllBytes(big);
    String name = String.format("simpler_inner_%016x_0.so", FINGERPRINT);
    Path finalFile = dir.resolve(name);
    SimConfig config =
        SimConfig.builder().chips(1).memoryBudgetBytes(128L << 20).preinstallDir(0, dir).build();

    // Undisturbed publishes: how long the temporary exists (first seen until the final name
    // appears); the longest of three, so that the kills spread over write, fsync, chmod and rename.
    long spanNanos = TimeUnit.MILLISECONDS.toNanos(2);
    for (int i = 0; i < 3; i++) {
      try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
        Future<?> open = opener.submit(() -> openAndRun(aicpu, big));
        long seen = awaitTemporaryOrFinal(dir, finalFile, open);
        while (!Files.exists(finalFile) && !open.isDone()) {
          LockSupport.parkNanos(100_000);
        }
        spanNanos = Math.max(spanNanos, System.nanoTime() - seen);
        open.get(2, TimeUnit.MINUTES);
      }
      Files.delete(finalFile);
    }

    Random random = new Random(20_240_611L);
    int absent = 0;
    int whole = 0;
    int tempsLeft = 0;
    int openSucceeded = 0;
    long started = System.nanoTime();
    for (int round = 0; round < rounds; round++) {
      try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
        SimInspector inspector = aicpu.simInspector().orElseThrow();
        long pid = inspector.aicpuOsPid(0);
        Future<?> open = opener.submit(() -> openAndRun(aicpu, big));
        awaitTemporaryOrFinal(dir, finalFile, open);
        // Uniform over the temporary's life and half as long again (after the rename).
        LockSupport.parkNanos((long) (random.nextDouble() * spanNanos * 1.5));
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        try {
          open.get(2, TimeUnit.MINUTES);
          openSucceeded++; // the kill came after the launch completed
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).as("round %d", round).isInstanceOf(AicpuLaunchException.class);
        }
        awaitExit(pid);
      }
      if (Files.exists(finalFile)) {
        assertThat(Arrays.equals(Files.readAllBytes(finalFile), bytes))
            .as("round %d: %s is the whole file", round, name)
            .isTrue();
        whole++;
      } else {
        absent++;
      }
      tempsLeft += temporaries(dir).size();

      // The next bootstrap: a new AICPU OS removes the dead one's temporary and succeeds.
      try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
        openAndRun(aicpu, big);
      }
      assertThat(temporaries(dir)).as("round %d: temporaries after recovery", round).isEmpty();
      try (Stream<Path> files = Files.list(dir)) {
        assertThat(files.map(p -> p.getFileName().toString())).containsExactly(name);
      }
      assertThat(Files.readAllBytes(finalFile)).isEqualTo(bytes);
      Files.delete(finalFile);
    }
    Figures.record(
        "KillDuringPublishTest",
        String.format(
            "%d SIGKILLs of the AICPU OS publishing a %d MiB SO in %d ms (publish span %d ms):"
                + " final name absent %d, whole %d, partial 0; temporaries left by the kills %d,"
                + " all removed by the next bootstrap; kill after the launch completed %d",
            rounds,
            SIZE >> 20,
            TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
            TimeUnit.NANOSECONDS.toMillis(spanNanos),
            absent,
            whole,
            tempsLeft,
            openSucceeded));
    assertThat(absent + whole).isEqualTo(rounds);
  }

  private static Void openAndRun(AicpuLaunch aicpu, Path so) {
    OpenSessionCommand command =
        new OpenSessionCommand(
            0,
            so,
            OpenSessionCommand.DEFAULT_ENTRIES,
            "dispatcher-upload",
            null,
            TimeoutChain.FAST_FAIL);
    try (Session s = aicpu.open(command)) {
      RuntimeCopies.addAndCheck(s, 64, 1, 3f);
    }
    return null;
  }

  /** Polls until a temporary or the final file appears, or the open finished; returns when. */
  private static long awaitTemporaryOrFinal(Path dir, Path finalFile, Future<?> open)
      throws IOException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
    while (System.nanoTime() < deadline) {
      if (!temporaries(dir).isEmpty() || Files.exists(finalFile) || open.isDone()) {
        return System.nanoTime();
      }
      LockSupport.parkNanos(200_000);
    }
    throw new AssertionError("no publish started in " + dir + " within 2 minutes");
  }

  private static List<String> temporaries(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
    }
  }

  private static void awaitExit(long pid) throws Exception {
    var handle = ProcessHandle.of(pid);
    if (handle.isPresent()) {
      handle.get().onExit().get(1, TimeUnit.MINUTES);
    }
  }
}
