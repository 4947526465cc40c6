package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each failure is a typed exception with a hint, and leaves no device memory, registration or
 * stream behind. The faulty runtimes are dispatcher-c's fixtures (docs/ABI.md).
 */
class FailurePathsEndToEndTest {
  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private SimInspector inspector;

  @BeforeEach
  void start() {
    aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
    inspector = aicpu.simInspector().orElseThrow();
  }

  @AfterEach
  void stop() {
    aicpu.close();
  }

  private static OpenSessionCommand fastFail(Path so) {
    return new OpenSessionCommand(
        0, so, OpenSessionCommand.DEFAULT_ENTRIES, null, null, TimeoutChain.FAST_FAIL);
  }

  private static LaunchCommand exec() {
    return new LaunchCommand("simpler_aicpu_exec", ByteBuffer.allocate(32), 2);
  }

  /** Opens a session for a fixture and launches its exec entry, which fails on the device. */
  private CannCallException launchFails(String fixture) throws Exception {
    Path so = TestSos.packaged(tmp, "fixtures/" + fixture);
    Throwable thrown;
    try (Session s = aicpu.open(fastFail(so))) {
      thrown = catchThrowable(() -> s.launch(exec()));
    }
    assertThat(thrown).isInstanceOf(CannCallException.class);
    CannCallException e = (CannCallException) thrown;
    assertThat(e.hint()).isNotBlank();
    // F17/F20: the session abandoned its handles without calling into the failed device; the way
    // back is the force reset the hint names, after which nothing of the session is left.
    aicpu.component().ports().devices().resetDeviceForce(0);
    return e;
  }

  @Test
  @DisplayName("F9: a declared entry the SO does not export is refused before the device")
  void missingEntry() throws Exception {
    Path so = TestSos.packaged(tmp, "fixtures/libfaulty_missing_exec.so");
    assertThatThrownBy(() -> aicpu.open(OpenSessionCommand.of(0, so)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.getMessage()).contains("does not export simpler_aicpu_exec");
              assertThat(e.hint()).contains("Export the entries");
            });
    assertThat(TestSos.uploads(inspector, 0)).isZero();
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName(
      "a kernel returning non-zero surfaces as 507018 with the device's reason and its typed result")
  void nonZeroExec() throws Exception {
    CannCallException e = launchFails("libfaulty_exec_fails.so");
    assertThat(e).isInstanceOf(CannCallException.DeviceFailure.class);
    assertThat(e.code()).isEqualTo(507018);
    assertThat(e.getMessage()).contains("kernel returned 42");
    assertThat(e)
        .isInstanceOfSatisfying(
            CannCallException.KernelFailure.class, k -> assertThat(k.returnCode()).isEqualTo(42));
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("F17/P6: a hanging kernel is reaped by the op-execute watchdog, typed")
  void hang() throws Exception {
    CannCallException e = launchFails("libfaulty_hang.so");
    assertThat(e)
        .isInstanceOfAny(CannCallException.DeviceFailure.class, CannCallException.Timeout.class);
    assertThat(List.of(507018, 507046)).contains(e.code());
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("F17/P11: after a hang, recover() force-resets and dispatch-through deploys again")
  void recoverAfterHang() throws Exception {
    Path hang = TestSos.packaged(tmp, "fixtures/libfaulty_hang.so");
    Path vector = TestSos.packaged(tmp, TestSos.VECTOR);
    OpenSessionCommand hangs =
        new OpenSessionCommand(
            0,
            hang,
            OpenSessionCommand.DEFAULT_ENTRIES,
            null,
            "dispatch-through",
            TimeoutChain.FAST_FAIL);
    try (Session s = aicpu.open(hangs)) {
      assertThat(catchThrowable(() -> s.launch(exec())))
          .isInstanceOf(CannCallException.DeviceFailure.class);
    }
    assertThat(inspector.poisoned(0)).isTrue();
    long uploadsBefore = TestSos.uploads(inspector, 0);

    aicpu.recover(0);

    assertThat(inspector.poisoned(0)).isFalse();
    // the reset restarted the AICPU OS: the dispatcher holds no runtime until it is deployed again
    try (Session s =
        aicpu.open(
            new OpenSessionCommand(
                0,
                vector,
                OpenSessionCommand.DEFAULT_ENTRIES,
                null,
                "dispatch-through",
                TimeoutChain.DEFAULT))) {
      TestSos.addAndVerify(s, 256, 4, 3f);
    }
    assertThat(TestSos.uploads(inspector, 0)).isEqualTo(uploadsBefore + 1);
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("a crashing kernel takes down the simulated chip, not the JVM")
  void crash() throws Exception {
    CannCallException e = launchFails("libfaulty_crash.so");
    assertThat(e.error()).isPresent();
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("a wrong-arch SO is refused before anything touches the device")
  void wrongArch() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    byte[] bytes = Files.readAllBytes(so);
    bytes[18] = (byte) 183; // e_machine = EM_AARCH64 (ELF64 header offset 18, little-endian)
    bytes[19] = 0;
    Path arm = Files.write(tmp.resolve("libarm_runtime.so"), bytes);
    assertThatThrownBy(() -> aicpu.open(OpenSessionCommand.of(0, arm)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.getMessage()).contains("AArch64").contains("x86-64");
              assertThat(e.hint()).contains("Build the runtime SO for the host");
            });
    assertThat(TestSos.uploads(inspector, 0)).isZero();
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("payloads of 0 or more than 64 KiB are refused before the launch")
  void badPayloadSize() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThatThrownBy(
              () -> s.launch(new LaunchCommand("simpler_aicpu_exec", ByteBuffer.allocate(0), 1)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("zero argsSize");
      assertThatThrownBy(
              () ->
                  s.launch(
                      new LaunchCommand(
                          "simpler_aicpu_exec",
                          ByteBuffer.allocate(LaunchCommand.MAX_PAYLOAD + 1),
                          1)))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("at most 65536");
      // the session is still usable afterwards
      TestSos.addAndVerify(s, 64, 2, 1f);
    }
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("an entry that was not declared is refused by the session")
  void undeclaredEntry() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThatThrownBy(
              () ->
                  s.launch(new LaunchCommand("example_vector_get_init", ByteBuffer.allocate(8), 1)))
          .isInstanceOf(AicpuLaunchException.class);
    }
    TestSos.assertNothingLeft(inspector, 0);
  }
}
