package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The AICPU OS runs blocks on a fixed set of worker threads per die and on temporary threads when
 * launches overlap beyond them: every block of every launch runs, blocks of one launch run at the
 * same time, and once the launches are done the process has exactly the threads it started with
 * (F13: the leak checks compare thread counts with no slack).
 */
class WorkerPoolTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final int CORES = 16;

  @Test
  @DisplayName(
      "F13: launches of 1..16 blocks and overlapping barriers leave the thread count as it was")
  void threadCountIsFixed() throws Exception {
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
      int before = count(tasks);

      // Three launches of 8 all-blocks barriers at once: 24 blocks that must all run together,
      // more than any fixed set of workers holds. A block waiting for a worker would time out.
      List<StreamHandle> streams = new ArrayList<>();
      List<DevicePtr> counters = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        StreamHandle s = ports.streams().createStream();
        DevicePtr counter = ports.memory().malloc(4);
        ports.memory().copyToDevice(counter, ByteBuffer.allocate(4));
        streams.add(s);
        counters.add(counter);
      }
      for (int i = 0; i < 3; i++) {
        ByteBuffer args =
            TestSos.le(24)
                .putLong(counters.get(i).address())
                .putInt(20_000)
                .putInt(0)
                .putInt(0)
                .putInt(8)
                .flip();
        TestSos.launchType2(ports, streams.get(i), SO, "sim_barrier", 8, args);
      }
      for (StreamHandle s : streams) {
        ports.streams().synchronize(s, 30_000);
      }
      for (DevicePtr counter : counters) {
        ByteBuffer arrived = TestSos.le(4);
        ports.memory().copyFromDevice(arrived, counter);
        assertThat(arrived.getInt(0)).isEqualTo(8);
      }

      // Every block of launches from 1 to 16 blocks runs once, with its own index.
      StreamHandle s = streams.get(0);
      DevicePtr out = ports.memory().malloc(8L * 16);
      for (int blocks = 1; blocks <= 16; blocks++) {
        ports.memory().copyToDevice(out, ByteBuffer.allocate(8 * 16));
        TestSos.launchType2(
            ports, s, SO, "sim_blocks", blocks, TestSos.withBlocks(blocks, out.address()));
        ports.streams().synchronize(s, 10_000);
        ByteBuffer seen = TestSos.le(8 * 16);
        ports.memory().copyFromDevice(seen, out);
        for (int b = 0; b < 16; b++) {
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

      assertThat(settled(tasks, before)).as("AICPU OS threads").isEqualTo(before);
    }
  }

  /** The thread count once it is back to {@code expected}, or after two seconds. */
  private static int settled(Path tasks, int expected) throws Exception {
    int live = count(tasks);
    for (int i = 0; i < 40 && live != expected; i++) {
      Thread.sleep(50);
      live = count(tasks);
    }
    return live;
  }

  private static int count(Path dir) throws IOException {
    try (Stream<Path> entries = Files.list(dir)) {
      return (int) entries.count();
    }
  }
}
