package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.CannPorts;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * ACL's lifecycle in one process, in the order PROTOCOL §8 and CANN's documentation give it: {@code
 * aclInit} once, before the first device call; {@code aclrtResetDevice} per device; at shutdown
 * every device still held reset and then {@code aclFinalize}; nothing after it. The steps run in
 * order in this class's own JVM, since ACL's state lasts as long as the process. The stand-in
 * refuses any aclrt call before aclInit or after aclFinalize (100001), so a wrong order fails here.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleContractTest {
  private final Standin standin = Standin.variant("full");

  @Test
  @Order(1)
  @DisplayName("aclInit once per process, before the first device call, however many adapters")
  void aclInitComesFirstAndOnce() {
    standin.control.standin_reset();
    CannPorts first =
        CannAdapter.load(CannOptions.explicitOnly().withAscendHome(standin.home)).ports();
    assertThat(standin.calls())
        .as("loading asks the version; it does not initialise ACL")
        .containsExactly("aclsysGetVersionStr pkgName=runtime rc=0");
    standin.control.standin_reset();

    first.devices().setDevice(0);
    first.memory().free(first.memory().malloc(16));
    CannPorts second =
        CannAdapter.load(CannOptions.explicitOnly().withAscendHome(standin.home)).ports();
    second.devices().setDevice(1);

    assertThat(standin.calls())
        .containsExactly(
            "aclInit config=null rc=0",
            "rtSetDevice device=0 rc=0",
            "aclrtMalloc size=16 policy=0 -> M1 rc=0",
            "aclrtFree ptr=M1 rc=0",
            "aclsysGetVersionStr pkgName=runtime rc=0",
            "rtSetDevice device=1 rc=0");
  }

  @Test
  @Order(2)
  @DisplayName("a device the process is done with is reset with aclrtResetDevice")
  void resetIsAclrtResetDevice() {
    CannPorts ports = standin.freshAdapter().ports();
    ports.devices().setDevice(1);
    ports.devices().resetDevice(1);
    assertThat(standin.calls())
        .containsExactly("rtSetDevice device=1 rc=0", "aclrtResetDevice device=1 rc=0");
  }

  @Test
  @Order(3)
  @DisplayName(
      "at shutdown: every device still held is reset, then aclFinalize; nothing reaches CANN after")
  void shutdownResetsThenFinalizes() {
    CannPorts ports = standin.freshAdapter().ports();
    ports.devices().setDevice(0); // device 0 was never reset; device 1 was (step 2)
    standin.control.standin_reset();

    AclProcess.finalizeProcess();

    assertThat(standin.calls())
        .containsExactly("aclrtResetDevice device=0 rc=0", "aclFinalize rc=0");
    // Every thread must attach again, and no attach passes a finalized CANN (F20).
    assertThatThrownBy(() -> ports.memory().malloc(16))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("aclFinalize")
        .hasMessageContaining("F20");
    assertThatThrownBy(() -> ports.devices().setDevice(0))
        .isInstanceOf(InvalidRequestException.class);
    AclProcess.finalizeProcess();
    assertThat(standin.calls()).hasSize(2);
  }
}
