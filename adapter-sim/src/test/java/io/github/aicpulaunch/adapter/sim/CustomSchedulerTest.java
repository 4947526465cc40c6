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

  private static void launch(
      CannPorts ports, KernelType type, StreamHandle s, String kernel, ByteBuffer payload) {
    ports
        .aicpuLaunch()
        .launchAicpuKernel(type, "CustWait", 1, TestSos.modeA(payload, SO, kernel), s);
  }

  private static int readU32(CannPorts ports, DevicePtr p) {
    ByteBuffer b = TestSos.le(4);
    ports.memory().copyFromDevice(b, p);
    return b.getInt(0);
  }

  private static void writeU32(CannPorts ports, DevicePtr p, int value) {
    ports.memory().copyToDevice(p, TestSos.le(4).putInt(0, value));
  }

  /**
   * Launches sim_wait_flag_bounded, waits for its handshake, then writes the flag from the host.
   * Returns the flag's device pointer.
   */
  private static DevicePtr launchWaiterAndRelease(CannPorts ports, KernelType type, StreamHandle s)
      throws InterruptedException {
    DevicePtr flag = ports.memory().malloc(4);
    DevicePtr started = ports.memory().malloc(4);
    writeU32(ports, flag, 0);
    writeU32(ports, started, 0);
    ByteBuffer args =
        TestSos.le(24)
            .putLong(flag.address())
            .putLong(started.address())
            .putInt(KERNEL_WAIT_MS)
            .putInt(0)
            .flip();
    launch(ports, type, s, "sim_wait_flag_bounded", args);
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (readU32(ports, started) == 0) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the kernel's handshake never reached device memory");
      }
      Thread.sleep(5);
    }
    writeU32(ports, flag, 1);
    assertThat(readU32(ports, flag)).as("the host's write landed in device memory").isEqualTo(1);
    return flag;
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
              TestSos.modeA(TestSos.u64s(out.address()), SO, "sim_blocks"),
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
