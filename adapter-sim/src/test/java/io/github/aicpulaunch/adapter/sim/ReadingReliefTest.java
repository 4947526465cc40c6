package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The AICPU OS's reader runs a launch's block 0 itself while a relief thread stands by, and the
 * relief takes the reading over when that launch runs on (aicpu_sim_workers.c, "the reading role"):
 * a kernel that never returns on its own still lets the requests behind it be read, as on the card,
 * where other streams' launches start while one runs.
 */
class ReadingReliefTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final int ROUNDS = 6;

  @Test
  @DisplayName(
      "a kernel that waits for a launch of another stream finishes: the relief reads that launch,"
          + " round after round, and the roles swap without adding a thread")
  void kernelWaitingForAnotherStreamsLaunchFinishes() throws Exception {
    try (Simulator sim =
        Simulator.start(SimConfig.builder().chips(1).memoryBudgetBytes(1 << 20).build())) {
      TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      Path tasks = Path.of("/proc/" + sim.inspector().aicpuOsPid(0) + "/task");
      int before = TestSos.threadCount(tasks);
      StreamHandle first = ports.streams().createStream();
      StreamHandle second = ports.streams().createStream();
      DevicePtr counter = ports.memory().malloc(4);
      for (int round = 0; round < ROUNDS; round++) {
        ports.memory().copyToDevice(counter, ByteBuffer.allocate(4));
        // Each one-block launch waits (up to 10 s, then fails) until both have counted themselves:
        // the first blocks whichever thread runs it until the second has been read and run.
        ByteBuffer args = TestSos.barrierArgs(counter.address(), 10_000, 2);
        TestSos.launchType2(ports, first, SO, "sim_barrier", 1, args.duplicate());
        TestSos.launchType2(ports, second, SO, "sim_barrier", 1, args.duplicate());
        ports.streams().synchronize(first, 20_000);
        ports.streams().synchronize(second, 20_000);
        ByteBuffer arrived = TestSos.le(4);
        ports.memory().copyFromDevice(arrived, counter);
        assertThat(arrived.getInt(0)).as("blocks that arrived in round %d", round).isEqualTo(2);
        assertThat(TestSos.threadCount(tasks))
            .as("threads after round %d", round)
            .isEqualTo(before);
      }
      ports.memory().free(counter);
    }
  }
}
