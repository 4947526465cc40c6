package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.CannRecord.functions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.TestSos;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The device lifecycle of PROTOCOL §8 through the facade, over the {@code full} stand-in: a device
 * is reset ({@code aclrtResetDevice}) when the last facade of the process that used it closes, not
 * before, and not after a device failure left it unrecovered (F22); the reset ends the process's
 * context there, so the next facade deploys again. ({@code aclInit} once per process and {@code
 * aclFinalize} at shutdown are the adapter's: {@code LifecycleContractTest}.)
 */
class LifecycleCannStandinTest {
  @TempDir static Path dir;

  private static StandinCann standin;
  private static Path so;

  @BeforeAll
  static void extract() throws Exception {
    if (!TestSos.aarch64SosPackaged()) {
      return; // each test reports the skip (needsTheCardSos)
    }
    standin = StandinCann.extract("full", dir);
    so = CannRecord.aarch64(dir, TestSos.VECTOR);
  }

  @BeforeEach
  void needsTheCardSos() {
    TestSos.assumeAarch64Sos();
  }

  private static OpenSessionCommand direct(int device, Path so) {
    return new OpenSessionCommand(
        device, so, OpenSessionCommand.DEFAULT_ENTRIES, null, "direct-aicpu", TimeoutChain.DEFAULT);
  }

  @Test
  @DisplayName("reset per device at the last close; the next facade bootstraps again")
  void theLastCloseResetsTheDevice() throws Exception {
    AicpuLaunch first = standin.open();
    AicpuLaunch second = standin.open();
    try (Session s = first.open(direct(0, so))) {
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x10L), 1));
    }
    try (Session s = second.open(direct(0, so))) {
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x10L), 1));
    }
    standin.reset();

    first.close();
    assertThat(functions(standin.calls())).as("device 0 still has a user").isEmpty();
    second.close();
    assertThat(CannRecord.texts(standin.calls())).containsExactly("aclrtResetDevice device=0 rc=0");

    standin.reset();
    try (AicpuLaunch third = standin.open();
        Session s = third.open(direct(0, so))) {
      assertThat(s.info().launch()).isEqualTo("direct-aicpu");
    }
    assertThat(functions(standin.calls()))
        .as("the reset ended the context: bootstrap again, then reset again")
        .containsSubsequence("rtSetDevice", "rtAicpuKernelLaunchExWithArgs", "aclrtResetDevice")
        .endsWith("aclrtResetDevice");
    assertThat(standin.liveAllocations()).isZero();
  }

  @Test
  @DisplayName("F22: a device left failed by an abandoned session is not soft-reset at close")
  void aFailedDeviceIsNotResetAtClose() throws Exception {
    AicpuLaunch aicpu = standin.open();
    Session s = aicpu.open(direct(1, so));
    standin.failNext("aclrtSynchronizeStreamWithTimeout", 507018);
    assertThatThrownBy(
            () -> s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(1L), 1)))
        .isInstanceOf(CannCallException.DeviceFailure.class);
    s.close();
    standin.reset();

    aicpu.close();

    assertThat(standin.calls()).isEmpty();
  }
}
