package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The AICPU OS runs blocks on a pool of worker threads per die that grows on demand to the largest
 * number of blocks ever handed to it at once (at most 64 per die) and never shrinks, and on
 * temporary threads beyond that: every block of every launch runs, blocks of one launch run at the
 * same time, and once the launches are done the process has exactly the threads its largest
 * launches needed (F13: the leak checks compare thread counts with no slack). A launch read while
 * the reader's relief stands by runs its block 0 on the reader (aicpu_sim_workers.c, "the reading
 * role"), so it hands one block fewer to the pool.
 */
class WorkerPoolTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final int CORES = 63;

  /** Workers each die starts with (aicpu_sim_workers.c POOL_INITIAL). */
  private static final int INITIAL = 8;

  /** Workers a die's pool grows to at most (aicpu_sim_workers.c POOL_MAX). */
  private static final int MAX = 64;

  @Test
  @DisplayName(
      "F13: the pool grows to the largest launch (at most 64 per die), never shrinks, and"
          + " overlapping launches beyond it still all run at once")
  void poolGrowsOnDemandAndNeverShrinks() throws Exception {
    try (Simulator sim =
        Simulator.start(
            SimConfig.builder()
                .chips(1)
                .memoryBudgetBytes(1 << 20)
                .aicpuCoresPerDie(CORES)
                .build())) {
      TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      Path tasks = Path.of("/proc/" + sim.inspector().aicpuOsPid(0) + "/task");
      int before = TestSos.threadCount(tasks);
      StreamHandle s = ports.streams().createStream();
      StreamHandle other = ports.streams().createStream();

      // Launches of up to INITIAL blocks, one at a time: the pool it started with serves them.
      runEveryBlock(ports, s, 1, INITIAL);
      assertThat(settled(tasks, before))
          .as("threads after launches of 1..8 blocks")
          .isEqualTo(before);

      // 24 blocks that must all run together: block 0 on the reader, the other 23 on the die's
      // pool, which grows to 23 workers and stays there.
      barrier(ports, List.of(s), List.of(24), 24);
      int grown = before + 24 - 1 - INITIAL;
      assertThat(settled(tasks, grown)).as("threads after a 24-block launch").isEqualTo(grown);
      runEveryBlock(ports, s, 1, 24);
      assertThat(settled(tasks, grown))
          .as("threads after launches of 1..24 blocks")
          .isEqualTo(grown);

      // 63 + 8 blocks of two launches at once, all waiting for all: the first runs block 0 on the
      // reader and 62 on the pool; its relief reads the second (the reader waits in the barrier)
      // and, with no relief standing by, hands all 8 blocks to the pool, which stops at 64
      // workers; the 6 blocks beyond it run on threads of their own, which exit.
      barrier(ports, List.of(s, other), List.of(CORES, 8), CORES + 8);
      int full = before + MAX - INITIAL;
      assertThat(settled(tasks, full)).as("threads after 71 blocks at once").isEqualTo(full);

      // Never shrinks, never grows past the largest: small launches again leave it as it was.
      runEveryBlock(ports, s, 1, 16);
      assertThat(settled(tasks, full)).as("threads after more small launches").isEqualTo(full);
    }
  }

  /**
   * Launches {@code sim_barrier} with {@code blocks.get(i)} blocks on {@code streams.get(i)}, all
   * before synchronising any, every block waiting until {@code arrivals} blocks arrived at one
   * counter; checks that they all did.
   */
  private static void barrier(
      CannPorts ports, List<StreamHandle> streams, List<Integer> blocks, int arrivals) {
    DevicePtr counter = ports.memory().malloc(4);
    ports.memory().copyToDevice(counter, ByteBuffer.allocate(4));
    for (int i = 0; i < streams.size(); i++) {
      TestSos.launchType2(
          ports,
          streams.get(i),
          SO,
          "sim_barrier",
          blocks.get(i),
          TestSos.barrierArgs(counter.address(), 20_000, arrivals));
    }
    for (StreamHandle st : streams) {
      ports.streams().synchronize(st, 30_000);
    }
    ByteBuffer arrived = TestSos.le(4);
    ports.memory().copyFromDevice(arrived, counter);
    assertThat(arrived.getInt(0)).as("blocks that arrived").isEqualTo(arrivals);
    ports.memory().free(counter);
  }

  /** Every block of launches from {@code from} to {@code to} blocks runs once, with its index. */
  private static void runEveryBlock(CannPorts ports, StreamHandle s, int from, int to) {
    DevicePtr out = ports.memory().malloc(8L * to);
    for (int blocks = from; blocks <= to; blocks++) {
      ports.memory().copyToDevice(out, ByteBuffer.allocate(8 * to));
      TestSos.launchType2(
          ports, s, SO, "sim_blocks", blocks, TestSos.withBlocks(blocks, out.address()));
      ports.streams().synchronize(s, 10_000);
      ByteBuffer seen = TestSos.le(8 * to);
      ports.memory().copyFromDevice(seen, out);
      for (int b = 0; b < to; b++) {
        int idx = seen.getInt(8 * b);
        int num = seen.getInt(8 * b + 4);
        if (b < blocks) {
          assertThat(idx).as("block %d of %d", b, blocks).isEqualTo(b);
          assertThat(num).as("block %d of %d", b, blocks).isEqualTo(blocks);
        } else {
          assertThat(num).as("untouched slot %d of %d", b, blocks).isZero();
        }
      }
    }
    ports.memory().free(out);
  }

  /** The thread count once it is back to {@code expected}, or after two seconds. */
  private static int settled(Path tasks, int expected) throws Exception {
    int live = TestSos.threadCount(tasks);
    for (int i = 0; i < 40 && live != expected; i++) {
      Thread.sleep(50);
      live = TestSos.threadCount(tasks);
    }
    return live;
  }
}
