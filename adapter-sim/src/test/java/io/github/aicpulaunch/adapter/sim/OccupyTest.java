package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * F28, P16: a die offers popcount(OCCUPY) AICPU cores to a launch. More blocks than that still run,
 * in turns, unless they wait for each other: an all-blocks barrier then deadlocks and is reaped.
 */
class OccupyTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final int CORES = 2;

  @ParameterizedTest(name = "CANN {0} reports {1}")
  @CsvSource({"9.0.0, 507018", "9.1, 507000"})
  @DisplayName("F28: blocks > popcount(OCCUPY) deadlock an all-blocks barrier; the reap code")
  void overLaunchDeadlocksBarrier(String profile, int expected) throws Exception {
    try (Simulator sim =
        Simulator.start(
            SimConfig.builder()
                .chips(1)
                .profile(profile)
                .memoryBudgetBytes(1 << 20)
                .aicpuCoresPerDie(CORES)
                .opExecuteTimeoutMicros(500_000)
                .build())) {
      TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      DevicePtr mem = ports.memory().malloc(16);
      StreamHandle s = ports.streams().createStream();

      // What a preflight query sees: OCCUPY has CORES bits set.
      int phys = ports.runtime().physicalDeviceId(0).orElseThrow();
      ByteBuffer hal =
          TestSos.le(24).putInt(phys).putInt(1).putInt(8).putInt(0).putLong(mem.address()).flip();
      TestSos.launchType2(ports, s, SO, "sim_hal", 1, hal);
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(16);
      ports.memory().copyFromDevice(r, mem);
      assertThat(r.getInt(0)).isZero();
      assertThat(Long.bitCount(r.getLong(8))).isEqualTo(CORES);

      // More blocks than cores without a barrier: they run in turns.
      DevicePtr blocks = ports.memory().malloc(8L * 5);
      TestSos.launchType2(ports, s, SO, "sim_blocks", 5, TestSos.withBlocks(5, blocks.address()));
      ports.streams().synchronize(s, 10_000);

      // A barrier across exactly CORES blocks passes.
      runBarrier(ports, s, mem, CORES);
      ports.streams().synchronize(s, 10_000);

      // One block more than OCCUPY allows: the barrier never opens.
      runBarrier(ports, s, mem, CORES + 1);
      assertThatThrownBy(() -> ports.streams().synchronize(s, 10_000))
          .isInstanceOf(CannCallException.class)
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(expected);
    }
  }

  private static void runBarrier(CannPorts ports, StreamHandle s, DevicePtr counter, int blocks) {
    ports.memory().copyToDevice(counter, ByteBuffer.allocate(4));
    TestSos.launchType2(
        ports,
        s,
        SO,
        "sim_barrier",
        blocks,
        TestSos.barrierArgs(counter.address(), 30_000, blocks));
  }
}
