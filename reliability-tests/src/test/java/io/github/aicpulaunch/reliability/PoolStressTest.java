package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AICPU OS's worker pool under sustained launches from two sessions (two streams) at once: one
 * launching 4 blocks over and over, the other 1 to 64 blocks in turn. A launch decides where all
 * its blocks go under one hold of the die's pool lock and wakes each parked worker it chose through
 * a semaphore of the worker's own (aicpu_sim_workers.c); a wake-up lost there leaves a block that
 * never runs, and the launch's synchronisation times out. Every launch's result is compared element
 * by element with the sum Java computes, alternating two inputs, so a block that did not run in a
 * launch leaves the previous launch's values behind and fails the check (F39). At the end the AICPU
 * OS has no thread beyond a full pool (F13: at most 64 workers on the die, grown to the largest
 * launch and never shrunk; the threads that ran blocks beyond it have exited). 20,000 + 4,000
 * launches in {@code verify}; 2,000,000 + 400,000 with {@code -Preliability-long}
 * (docs/PERFORMANCE.md, "The fan-out, one lock hold a launch").
 */
class PoolStressTest {
  /** One die with more cores than a launch has blocks: every block of a launch runs at once. */
  private static final int CORES = 63;

  /** Workers the die's pool starts with (aicpu_sim_workers.c POOL_INITIAL). */
  private static final int INITIAL = 8;

  /** The largest launch: as many blocks as the pool may hold workers (POOL_MAX). */
  private static final int MAX_BLOCKS = 64;

  /** Elements per launch: every block of the largest launch gets a share of 16. */
  private static final int COUNT = 16 * MAX_BLOCKS;

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "F13, F39: two streams launching 4 and 1-64 blocks at once run every block of every launch,"
          + " none hangs, and the AICPU OS ends with exactly a full pool")
  void poolHoldsUnderConcurrentLaunches() throws Exception {
    int fours = Scale.pick(20_000, 2_000_000);
    int mixed = Scale.pick(4_000, 400_000);
    Path so = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    SimConfig config = SimConfig.builder().chips(1).aicpuCoresPerDie(CORES).build();
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
      Path tasks = Path.of("/proc/" + aicpu.simInspector().orElseThrow().aicpuOsPid(0) + "/task");
      int atStart = DeviceSos.entries(tasks);
      long start = System.nanoTime();
      round(aicpu, so, fours / 10, mixed / 10);
      int full = atStart + MAX_BLOCKS - INITIAL;
      int afterFirst = settled(tasks, full);
      round(aicpu, so, fours - fours / 10, mixed - mixed / 10);
      long millis = (System.nanoTime() - start) / 1_000_000;
      int afterAll = settled(tasks, full);
      Figures.record(
          "PoolStressTest",
          String.format(
              "%d launches of 4 blocks and %d of 1-%d blocks on two streams in %d ms;"
                  + " AICPU OS threads %d at start, %d after the first round, %d at the end",
              fours, mixed, MAX_BLOCKS, millis, atStart, afterFirst, afterAll));

      // The pool starts with 8 workers and grows to the largest number of blocks in flight at once:
      // a 64-block launch hands it 63 blocks (block 0 on the reader) or all 64 (the reader busy),
      // so it holds 63 or 64 workers after the first round. Past 64, blocks run on threads of
      // their own, which exit: a thread more than a full pool is a leak.
      assertThat(afterFirst)
          .as("AICPU OS threads after the first round: the pool grown to 63 or 64 workers")
          .isBetween(full - 1, full);
      assertThat(afterAll)
          .as("AICPU OS threads at the end: never past a full pool of 64, never shrunk")
          .isBetween(afterFirst, full);
    }
  }

  /** Runs both streams' launches at once, each in a session of its own, until both are done. */
  private static void round(AicpuLaunch aicpu, Path so, int fours, int mixed) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Void>> done = new ArrayList<>();
      done.add(pool.submit(stream(aicpu, so, "rts-json", fours, i -> 4)));
      done.add(pool.submit(stream(aicpu, so, "direct-aicpu", mixed, i -> 1 + i % MAX_BLOCKS)));
      for (Future<Void> f : done) {
        f.get(); // a failed check or a timed-out launch rethrows here
      }
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(60, TimeUnit.SECONDS))
          .as("launching threads ended")
          .isTrue();
    }
  }

  /**
   * One session launching {@code launches} times, launch {@code i} with {@code blocks(i)} blocks
   * and input {@code i % 2}, each result read back and checked.
   */
  private static Callable<Void> stream(
      AicpuLaunch aicpu, Path so, String strategy, int launches, IntUnaryOperator blocks) {
    return () -> {
      try (Session s = aicpu.open(DeviceSos.open(0, so, strategy, DeviceSos.GENEROUS))) {
        float[][] a = new float[2][COUNT];
        float[] b = new float[COUNT];
        float[][] sum = new float[2][COUNT];
        for (int i = 0; i < COUNT; i++) {
          a[0][i] = i;
          a[1][i] = -3.5f * i;
          b[i] = 0.25f + i;
          sum[0][i] = a[0][i] + b[i];
          sum[1][i] = a[1][i] + b[i];
        }
        DeviceBuffer[] in = {s.allocate(4L * COUNT), s.allocate(4L * COUNT)};
        DeviceBuffer other = s.allocate(4L * COUNT);
        DeviceBuffer out = s.allocate(4L * COUNT);
        s.write(in[0], 0, DeviceSos.floats(a[0]));
        s.write(in[1], 0, DeviceSos.floats(a[1]));
        s.write(other, 0, DeviceSos.floats(b));
        float[] actual = new float[COUNT];
        for (int i = 0; i < launches; i++) {
          int n = blocks.applyAsInt(i);
          ByteBuffer payload =
              DeviceSos.vectorPayload(
                  in[i % 2].address(), other.address(), out.address(), COUNT, n);
          s.launch(new LaunchCommand("simpler_aicpu_exec", payload, n));
          FloatBuffer got =
              s.read(out, 0, 4 * COUNT).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
          got.get(actual);
          assertThat(actual)
              .as("%s launch %d of %d blocks", strategy, i, n)
              .containsExactly(sum[i % 2]);
        }
        return null;
      }
    };
  }

  /**
   * The thread count once it is no more than {@code most}, or after two seconds of waiting for it:
   * the threads that ran the last launches' blocks beyond the pool may take a moment to exit. A
   * leaked thread never exits, so the wait adds no slack to the comparison.
   */
  private static int settled(Path tasks, int most) throws Exception {
    int live = DeviceSos.entries(tasks);
    for (int i = 0; i < 40 && live > most; i++) {
      Thread.sleep(50);
      live = DeviceSos.entries(tasks);
    }
    return live;
  }
}
