package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Custom kernels (type 4) and the #822 hazard: with a non-coherent custom scheduler a kernel
 * waiting for a value another engine writes after the launch never sees it (F2, P4). The host plays
 * the other engine: it writes the flag with an H2D copy once the kernel's handshake is visible.
 */
class CustomSchedulerTest {
  private static final String SO = "libcust_wait.so";
  private static final long OP_TIMEOUT_US = 500_000;

  /** How long the kernel itself waits before giving up: far beyond the watchdog. */
  private static final int KERNEL_WAIT_MS = 30_000;

  private static Simulator start(boolean nonCoherent) throws Exception {
    Simulator sim =
        Simulator.start(
            SimConfig.builder()
                .chips(1)
                .memoryBudgetBytes(1 << 20)
                .opExecuteTimeoutMicros(OP_TIMEOUT_US)
                .customSchedulerNonCoherent(nonCoherent)
                .build());
    TestSos.install(sim.inspector().customDir(0), TestSos.KERNELS, SO);
    TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
    sim.ports().devices().setDevice(0);
    return sim;
  }

  private static int readU32(CannPorts ports, DevicePtr p) {
    ByteBuffer b = TestSos.le(4);
    ports.memory().copyFromDevice(b, p);
    return b.getInt(0);
  }

  /** Starts the waiting kernel, then writes its flag from the host once it is running. */
  private static void launchWaiterAndRelease(CannPorts ports, KernelType type, StreamHandle s)
      throws InterruptedException {
    DevicePtr flag = TestSos.startFlagWaiter(ports, type, s, SO, KERNEL_WAIT_MS);
    ports.memory().copyToDevice(flag, TestSos.le(4).putInt(0, 1));
    assertThat(readU32(ports, flag)).as("the host's write landed in device memory").isEqualTo(1);
  }

  @Test
  @DisplayName(
      "P4: by default the custom scheduler is coherent: a type-4 kernel sees the host write")
  void coherentCustomKernelSeesTheWrite() throws Exception {
    try (Simulator sim = start(false)) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      launchWaiterAndRelease(ports, KernelType.AICPU_CUSTOM, s);
      ports.streams().synchronize(s, 10_000);
      assertThat(sim.inspector().poisoned(0)).isFalse();
    }
  }

  @Test
  @DisplayName(
      "F2, P4: non-coherent custom scheduler: the handshake lands, the kernel never sees the host's"
          + " write and is reaped: 507018")
  void nonCoherentCustomKernelIsReaped() throws Exception {
    try (Simulator sim = start(true)) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      launchWaiterAndRelease(ports, KernelType.AICPU_CUSTOM, s);
      assertThatThrownBy(() -> ports.streams().synchronize(s, 10_000))
          .isInstanceOf(CannCallException.DeviceFailure.class)
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
      assertThat(sim.inspector().deviceLog())
          .anyMatch(l -> l.text().contains("op-execute timeout"))
          .noneMatch(l -> l.text().contains("kernel returned"));
    }
  }

  @Test
  @DisplayName(
      "F2: only the custom scheduler is non-coherent: the same wait as a type-2 kernel completes")
  void nonCoherentSettingLeavesType2Coherent() throws Exception {
    try (Simulator sim = start(true)) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      launchWaiterAndRelease(ports, KernelType.AICPU, s);
      ports.streams().synchronize(s, 10_000);
    }
  }

  @Test
  @DisplayName("F2: what a non-coherent type-4 kernel writes still reaches device memory")
  void nonCoherentWritesAreWrittenBack() throws Exception {
    try (Simulator sim = start(true)) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      DevicePtr out = ports.memory().malloc(8 * 3);
      ports.memory().copyToDevice(out, ByteBuffer.allocate(24));
      ports
          .aicpuLaunch()
          .launchAicpuKernel(
              KernelType.AICPU_CUSTOM,
              "CustBlocks",
              3,
              TestSos.modeA(TestSos.withBlocks(3, out.address()), SO, "sim_blocks"),
              s);
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(24);
      ports.memory().copyFromDevice(r, out);
      for (int i = 0; i < 3; i++) {
        assertThat(r.getInt(8 * i)).isEqualTo(i);
        assertThat(r.getInt(8 * i + 4)).isEqualTo(3);
      }
    }
  }
}
