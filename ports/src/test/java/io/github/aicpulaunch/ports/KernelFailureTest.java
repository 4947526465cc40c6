package io.github.aicpulaunch.ports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The kernel's own result, typed, where the backend reports it (P5). */
class KernelFailureTest {
  @Test
  @DisplayName("507018 with 'kernel returned 42' is a KernelFailure whose returnCode() is 42")
  void kernelResultIsTyped() {
    CannCallException e =
        CannCallException.of(
            507018, "aclrtSynchronizeStream", "task 7 (libx.so/exec): kernel returned 42");
    assertThat(e).isInstanceOf(CannCallException.KernelFailure.class);
    assertThat(e).isInstanceOf(CannCallException.DeviceFailure.class);
    assertThat(((CannCallException.KernelFailure) e).returnCode()).isEqualTo(42);
    assertThat(e.hint()).isEqualTo(AicpuFailureCause.KERNEL_FAILED.hint());
  }

  @Test
  @DisplayName("the largest uint32 result is kept unsigned")
  void unsignedResult() {
    CannCallException e =
        CannCallException.of(507018, "aclrtSynchronizeStream", "kernel returned 4294967295");
    assertThat(((CannCallException.KernelFailure) e).returnCode()).isEqualTo(0xFFFF_FFFFL);
  }

  @Test
  @DisplayName(
      "a dispatcher code, a card's bare 507018, a crash and another code are not KernelFailures")
  void otherFailuresAreNot() {
    long runtimeOpen = DispatcherCode.RUNTIME_OPEN.value();
    assertThat(
            CannCallException.of(
                507018, "aclrtSynchronizeStream", "kernel returned " + runtimeOpen))
        .isExactlyInstanceOf(CannCallException.DeviceFailure.class);
    assertThat(CannCallException.of(507018, "aclrtSynchronizeStream", null))
        .isExactlyInstanceOf(CannCallException.DeviceFailure.class);
    assertThat(
            CannCallException.of(
                507018, "aclrtSynchronizeStream", "the AICPU OS was killed by signal 11"))
        .isExactlyInstanceOf(CannCallException.DeviceFailure.class);
    assertThat(CannCallException.of(507000, "aclrtSynchronizeStream", "kernel returned 3"))
        .isExactlyInstanceOf(CannCallException.DeviceFailure.class);
    assertThat(
            CannCallException.of(507018, "aclrtSynchronizeStream", "kernel returned 99999999999"))
        .isExactlyInstanceOf(CannCallException.DeviceFailure.class);
  }
}
