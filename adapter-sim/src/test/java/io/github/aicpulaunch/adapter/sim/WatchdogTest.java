package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The op-execute watchdog, crashes, sticky poison and force reset. Each test owns its chip. */
class WatchdogTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final long OP_TIMEOUT_US = 300_000;

  private static Simulator start(SimConfig.Builder b) throws Exception {
    Simulator sim = Simulator.start(b.opExecuteTimeoutMicros(OP_TIMEOUT_US).build());
    TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
    sim.ports().devices().setDevice(0);
    return sim;
  }

  private static int code(Throwable t) {
    return ((CannCallException) t).code();
  }

  private static void assertSyncFails(CannPorts ports, StreamHandle s, int expected) {
    assertThatThrownBy(() -> ports.streams().synchronize(s, 10_000))
        .extracting(WatchdogTest::code)
        .isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "F17, F18: a hung kernel is reaped (507018); the device stays poisoned (507899)"
          + " through a plain reset; a force reset restarts the AICPU OS and recovers it")
  void hangPoisonAndForceReset() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(2))) {
      CannPorts ports = sim.ports();
      long pid = sim.inspector().aicpuOsPid(0);
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, SO, "sim_hang", 2, TestSos.u64s(0));
      assertSyncFails(ports, s, 507018);
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();

      assertThat(sim.inspector().poisoned(0)).isTrue();
      assertThat(sim.inspector().poisoned(1)).isTrue();
      assertThatThrownBy(() -> ports.memory().malloc(64))
          .isInstanceOf(CannCallException.DevicePoisoned.class);
      assertThatThrownBy(() -> ports.streams().createStream())
          .extracting(WatchdogTest::code)
          .isEqualTo(507899);
      ports.streams().destroyStream(s); // legal on a stream in error state (F19)

      ports.devices().resetDevice(0);
      assertThatThrownBy(() -> ports.memory().malloc(64))
          .extracting(WatchdogTest::code)
          .isEqualTo(507899);

      ports.devices().resetDeviceForce(0);
      assertThat(sim.inspector().aicpuOsPid(0)).isNotEqualTo(pid).isPositive();
      assertThat(sim.inspector().poisoned(0)).isFalse();
      assertThat(sim.inspector().poisoned(1))
          .as("the other die needs its own force reset")
          .isTrue();
      StreamHandle s2 = ports.streams().createStream();
      var out = ports.memory().malloc(8);
      TestSos.launchType2(ports, s2, SO, "sim_blocks", 1, TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s2, 10_000);
      ports.memory().free(out);
      ports.streams().destroyStream(s2);
    }
  }

  @Test
  @DisplayName(
      "P11: a reset after a force reset fails with 507007 until rtSetDevice creates a new context")
  void resetAfterForceReset() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1))) {
      CannPorts ports = sim.ports();
      ports.devices().resetDeviceForce(0);
      assertThatThrownBy(() -> ports.devices().resetDevice(0))
          .isInstanceOf(CannCallException.class)
          .extracting(WatchdogTest::code)
          .isEqualTo(507007);
      assertThatThrownBy(() -> ports.devices().resetDeviceForce(0))
          .extracting(WatchdogTest::code)
          .isEqualTo(507007);
      assertThat(ports.runtime().recentErrorMessage())
          .hasValueSatisfying(m -> assertThat(m).contains("rtSetDevice"));
      ports.devices().setDevice(0);
      ports.devices().resetDevice(0);
      ports.devices().resetDeviceForce(0);
    }
  }

  @Test
  @DisplayName("F17: on the a5 profile (9.1) a reaped AICPU task surfaces as 507000")
  void a5Reports507000() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1).profile("9.1"))) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, SO, "sim_hang", 1, TestSos.u64s(0));
      assertSyncFails(ports, s, 507000);
    }
  }

  @Test
  @DisplayName(
      "F17: a task with a short op-execute timeout is reaped at its own deadline while a task"
          + " armed earlier with a long one hangs; only the reaped task reports the watchdog code")
  void shortTimeoutReapedBeforeLongOne() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1).profile("9.1"))) {
      CannPorts ports = sim.ports();
      ports.devices().setOpExecuteTimeout(3_600_000_000L);
      StreamHandle patient = ports.streams().createStream();
      TestSos.launchType2(ports, patient, SO, "sim_hang", 1, TestSos.u64s(0));
      ports.devices().setOpExecuteTimeout(OP_TIMEOUT_US);
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, SO, "sim_hang", 1, TestSos.u64s(0));
      // 507000 is this profile's watchdog code; the chip going down fails the other with 507018
      assertSyncFails(ports, s, 507000);
      assertSyncFails(ports, patient, 507018);
      assertThat(sim.inspector().poisoned(0)).isTrue();
      assertThat(sim.inspector().deviceLog())
          .filteredOn(l -> l.text().contains("op-execute timeout"))
          .singleElement()
          .satisfies(l -> assertThat(l.text()).contains("exceeded " + OP_TIMEOUT_US + " us"));
    }
  }

  @Test
  @DisplayName(
      "P6: a host sync budget shorter than the watchdog gives 507046, then the reap 507018")
  void syncTimeoutBeforeWatchdog() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1))) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, SO, "sim_hang", 1, TestSos.u64s(0));
      assertThatThrownBy(() -> ports.streams().synchronize(s, 50))
          .isInstanceOf(CannCallException.Timeout.class)
          .extracting(WatchdogTest::code)
          .isEqualTo(507046);
      assertThatThrownBy(() -> ports.streams().synchronize(s))
          .extracting(WatchdogTest::code)
          .isEqualTo(507018);
    }
  }

  @Test
  @DisplayName("F30: a wedged device times out every launch, even the bootstrap (507018)")
  void wedgedDevice() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1))) {
      CannPorts ports = sim.ports();
      sim.injectFaults(0, SimFault.WEDGED);
      StreamHandle s = ports.streams().createStream();
      assertThatThrownBy(
              () ->
                  Bootstrap.run(
                      ports,
                      s,
                      TestSos.bytes(TestSos.DISPATCHER_A),
                      TestSos.bytes(TestSos.KERNELS),
                      0))
          .extracting(WatchdogTest::code)
          .isEqualTo(507018);
      ports.devices().resetDeviceForce(0);
      StreamHandle s2 = ports.streams().createStream();
      TestSos.launchType2(ports, s2, SO, "sim_blocks", 1, TestSos.withBlocks(1, 8));
      assertSyncFails(ports, s2, 507018);
    }
  }

  @Test
  @DisplayName("the AICPU OS's fault report reads as where the fault was")
  void faultReport() {
    assertThat(
            Chip.describeFault(
                "signal=11 addr=0xc pc=0x7f00000011a9 off=0x11a9 so=/tmp/p/simpler_inner_ab_0.so"))
        .isEqualTo("a fault at address 0xc by the instruction at simpler_inner_ab_0.so+0x11a9");
    // A path with blanks, of a file deleted since it was mapped.
    assertThat(
            Chip.describeFault(
                "signal=7 addr=0x10 pc=0x7f0000001000 off=0x1000 so=/tmp/my dir/lib x.so (deleted)"))
        .isEqualTo("a fault at address 0x10 by the instruction at lib x.so+0x1000");
    // SIGFPE: no address of its own; an instruction in no file: its address.
    assertThat(Chip.describeFault("signal=8 pc=0x7f0000000010"))
        .isEqualTo("a fault by the instruction at 0x7f0000000010");
    assertThat(Chip.describeFault("signal=11 from=4242"))
        .isEqualTo("the signal sent by process 4242");
    assertThat(
            Chip.describeFault(
                "signal=11 addr=0x7f0000000ff8 pc=0x7f00000011a9 stack=overflow off=0x11a9 so=/x.so"))
        .isEqualTo(
            "a stack overflow: a fault at address 0x7f0000000ff8 by the instruction at"
                + " x.so+0x11a9");
    assertThat(Chip.describeFault("signal=11 raised=1"))
        .isEqualTo("the signal the AICPU OS raised itself");
    assertThat(Chip.describeFault("signal=11")).isNull();
  }

  @Test
  @DisplayName(
      "device code crashing takes the chip down, never the JVM: 507018, both dies poisoned")
  void crash() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(2))) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, SO, "sim_crash", 1, TestSos.u64s(8));
      assertSyncFails(ports, s, 507018);
      assertThat(sim.inspector().poisoned(1)).isTrue();
      assertThat(sim.inspector().deviceLog()).anyMatch(l -> l.text().contains("signal 11"));
      // The AICPU OS's fault report is part of the chip's fault line, not a line of output.
      assertThat(sim.inspector().deviceLog())
          .anyMatch(
              l ->
                  l.text().startsWith("chip fault: ")
                      && l.text()
                          .contains("(signal 11), a fault at address 0x8 by the instruction at ")
                      && l.text().matches(".* at \\S+\\.so\\+0x[0-9a-f]+( .*)?"))
          .noneMatch(l -> l.text().contains(Chip.FAULT_PREFIX));

      ports.devices().resetDeviceForce(0);
      sim.injectFaults(0, SimFault.DEVICE_CRASH);
      StreamHandle s2 = ports.streams().createStream();
      TestSos.launchType2(ports, s2, SO, "sim_blocks", 1, TestSos.withBlocks(1, 8));
      assertSyncFails(ports, s2, 507018);
      assertThat(sim.inspector().poisoned(0)).isTrue();
      // The injected crash is a signal the AICPU OS raises, which has no address.
      assertThat(sim.inspector().deviceLog())
          .anyMatch(l -> l.text().contains("(signal 11), the signal the AICPU OS raised itself"));
    }
  }

  @Test
  @DisplayName(
      "F21: a failing force reset is 507899, retires nothing and leaves the device poisoned;"
          + " once the fault clears, the next force reset recovers it")
  void forceResetFails() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1))) {
      CannPorts ports = sim.ports();
      StreamHandle s = ports.streams().createStream();
      ports.memory().malloc(64);
      TestSos.launchType2(ports, s, SO, "sim_hang", 1, TestSos.u64s(0));
      assertSyncFails(ports, s, 507018);
      long pid = sim.inspector().aicpuOsPid(0);
      sim.injectFaults(0, SimFault.FORCE_RESET_FAILS);

      assertThatThrownBy(() -> ports.devices().resetDeviceForce(0))
          .isInstanceOf(CannCallException.DevicePoisoned.class)
          .extracting(WatchdogTest::code)
          .isEqualTo(507899);
      assertThat(sim.inspector().poisoned(0)).isTrue();
      assertThat(sim.inspector().aicpuOsPid(0)).as("the AICPU OS was not restarted").isEqualTo(pid);
      assertThat(sim.inspector().streamsAlive()).isEqualTo(1);
      assertThat(sim.inspector().deviceMemoryHandlesInUse(0)).isEqualTo(1);
      assertThatThrownBy(() -> ports.memory().malloc(64))
          .isInstanceOf(CannCallException.DevicePoisoned.class);

      sim.injectFaults(0);
      ports.devices().resetDeviceForce(0);
      assertThat(sim.inspector().poisoned(0)).isFalse();
      assertThat(sim.inspector().streamsAlive()).isZero();
      assertThat(sim.inspector().deviceMemoryHandlesInUse(0)).isZero();
      ports.devices().setDevice(0);
      var out = ports.memory().malloc(8);
      StreamHandle s2 = ports.streams().createStream();
      TestSos.launchType2(ports, s2, SO, "sim_blocks", 1, TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s2, 10_000);
    }
  }

  @Test
  @DisplayName("F23: a slow first launch past the op-execute timeout is reaped (507018)")
  void slowFirstLaunch() throws Exception {
    try (Simulator sim = start(SimConfig.builder().chips(1))) {
      CannPorts ports = sim.ports();
      sim.slowFirstLaunch(0, Duration.ofSeconds(2));
      var out = ports.memory().malloc(8);
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, SO, "sim_blocks", 1, TestSos.withBlocks(1, out.address()));
      assertSyncFails(ports, s, 507018);
    }
  }

  @Test
  @DisplayName("F20, F40: after close every call fails and no AICPU OS process is left")
  void closeIsFinal() throws Exception {
    Simulator sim = start(SimConfig.builder().chips(2));
    long pid = sim.inspector().aicpuOsPid(0);
    CannPorts ports = sim.ports();
    sim.close();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThatThrownBy(() -> ports.memory().malloc(8)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> ports.devices().setDevice(0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("F20");
  }
}
