package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The KFC launch of libaicpu_extend_kernels.so: bootstrap, latches, the preinstall filesystem. */
class KfcExtendTest {
  private static Simulator sim;
  private static CannPorts ports;
  private static byte[] dispatcherA;
  private static byte[] dispatcherB;
  private static byte[] kernels;

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(SimConfig.builder().chips(2).build());
    ports = sim.ports();
    dispatcherA = TestSos.bytes(TestSos.DISPATCHER_A);
    dispatcherB = TestSos.bytes(TestSos.DISPATCHER_B);
    kernels = TestSos.bytes(TestSos.KERNELS);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @AfterEach
  void clearFaults() {
    sim.injectFaults(0);
  }

  private static long logCount(String text) {
    return sim.inspector().deviceLog().stream().filter(l -> l.text().contains(text)).count();
  }

  private static Path preinstall() {
    return sim.inspector().preinstallDir(0);
  }

  @Test
  @DisplayName(
      "F1, F10: the bootstrap latches the dispatcher; a later different one is silently ignored")
  void bootstrapAndLatch() throws Exception {
    ports.devices().setDevice(0);
    StreamHandle s = ports.streams().createStream();
    try {
      Bootstrap.run(ports, s, dispatcherA, kernels, 0);
      Path inner = preinstall().resolve(Bootstrap.innerName(kernels, 0));
      assertThat(inner).exists();
      assertThat(Files.readAllBytes(inner)).isEqualTo(kernels);
      Path latched = sim.inspector().latchedKfcSo(0).orElseThrow();
      assertThat(Files.readAllBytes(latched)).isEqualTo(dispatcherA);

      // The inner SO now runs as a type-2 kernel from the preinstall directory.
      DevicePtr out = ports.memory().malloc(8);
      TestSos.launchType2(
          ports,
          s,
          inner.getFileName().toString(),
          "sim_blocks",
          1,
          TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s);
      ports.memory().free(out);

      long aInits = logCount("[fake-dispatcher-A] init");
      byte[] other = Arrays.copyOf(kernels, kernels.length + 1);
      Bootstrap.run(ports, s, dispatcherB, other, 0);
      assertThat(logCount("[fake-dispatcher-B]")).isZero();
      assertThat(logCount("[fake-dispatcher-A] init")).isEqualTo(aInits + 1);
      assertThat(sim.inspector().latchedKfcSo(0)).contains(latched);
      assertThat(Files.readAllBytes(latched)).isEqualTo(dispatcherA);
    } finally {
      ports.streams().destroyStream(s);
    }
    assertThat(sim.inspector().deviceMemoryHandlesInUse(0)).isZero();
  }

  @Test
  @DisplayName(
      "F10: a dispatcher missing one of the three symbols fails to load (507018), and the"
          + " save latch then keeps the device on it until a force reset (F1)")
  void missingSymbol() throws Exception {
    ports.devices().setDevice(1);
    byte[] bad = TestSos.bytes(TestSos.DISPATCHER_MISSING_SERVER);
    StreamHandle s = ports.streams().createStream();
    assertThatThrownBy(() -> Bootstrap.run(ports, s, bad, kernels, 1))
        .extracting(t -> ((CannCallException) t).code())
        .isEqualTo(507018);
    assertThat(sim.inspector().latchedKfcSo(1)).isEmpty();
    ports.streams().destroyStream(s);

    StreamHandle s2 = ports.streams().createStream();
    assertThatThrownBy(() -> Bootstrap.run(ports, s2, dispatcherA, kernels, 1))
        .extracting(t -> ((CannCallException) t).code())
        .isEqualTo(507018);

    ports.devices().resetDeviceForce(1);
    StreamHandle s3 = ports.streams().createStream();
    Bootstrap.run(ports, s3, dispatcherA, kernels, 1);
    assertThat(sim.inspector().latchedKfcSo(1)).isPresent();
    ports.streams().destroyStream(s3);
  }

  @Test
  @DisplayName("F3b: paired dies share one preinstall directory")
  void pairedDiesShareTheDirectory() {
    assertThat(sim.inspector().chipOf(0)).isEqualTo(sim.inspector().chipOf(1));
    assertThat(sim.inspector().preinstallDir(sim.inspector().chipOf(1))).isEqualTo(preinstall());
  }

  @Test
  @DisplayName(
      "F16: disk full in the preinstall directory makes the dispatcher's Init fail (507018)")
  void diskFull() throws Exception {
    assertUploadFails(SimFault.DISK_FULL, (byte) 1);
  }

  @Test
  @DisplayName(
      "F16: permission denied in the preinstall directory (even as root) fails with 507018")
  void permissionDenied() throws Exception {
    assertUploadFails(SimFault.PERMISSION_DENIED, (byte) 2);
  }

  private void assertUploadFails(SimFault fault, byte salt) throws Exception {
    ports.devices().setDevice(0);
    byte[] inner = Arrays.copyOf(kernels, kernels.length + 8);
    inner[inner.length - 1] = salt;
    sim.injectFaults(0, fault);
    StreamHandle s = ports.streams().createStream();
    try {
      assertThatThrownBy(() -> Bootstrap.run(ports, s, dispatcherA, inner, 0))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
    } finally {
      ports.streams().destroyStream(s);
    }
    assertThat(preinstall().resolve(Bootstrap.innerName(inner, 0))).doesNotExist();
    try (var files = Files.list(preinstall())) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains(".tmp."));
    }
  }

  @Test
  @DisplayName("the KFC library rejects kernel names over 200 characters (507018)")
  void nameLimits() {
    ports.devices().setDevice(0);
    StreamHandle s = ports.streams().createStream();
    try {
      ports
          .aicpuLaunch()
          .launchAicpuKernel(
              io.github.aicpulaunch.ports.out.KernelType.AICPU_KFC,
              "AST_DYN_AICPU",
              1,
              TestSos.modeA(TestSos.u64s(0), "libaicpu_extend_kernels.so", "K".repeat(201)),
              s);
      assertThatThrownBy(() -> ports.streams().synchronize(s))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
    } finally {
      ports.streams().destroyStream(s);
    }
  }
}
