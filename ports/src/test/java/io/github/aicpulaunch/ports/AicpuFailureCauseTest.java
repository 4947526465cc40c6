package io.github.aicpulaunch.ports;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** P5: the hint after a 507018 names the cause the text gives, not one generic list. */
class AicpuFailureCauseTest {
  private static CannCallException aicpu(String recent) {
    return CannCallException.of(507018, "aclrtSynchronizeStreamWithTimeout", recent);
  }

  @Test
  @DisplayName("SO not found, entry not found (stale build), crash, watchdog: each its own hint")
  void causes() {
    assertThat(
            aicpu(
                "load so simpler_inner_00_0.so failed: [/x/simpler_inner_00_0.so not found: No"
                    + " such file or directory] [] []"))
        .extracting(CannCallException::hint)
        .asString()
        .contains("not in the device's preinstall directory");
    assertThat(aicpu("get kernel failed: simpler_aicpu_exec not in x.so (errCode 11003)").hint())
        .contains("different builds (F12)");
    assertThat(aicpu("chip 0: the AICPU OS exited with status 139 (signal 11)").hint())
        .contains("crashed");
    assertThat(aicpu("chip 0: the op-execute watchdog reaped a task").hint())
        .contains("op-execute timeout");
    assertThat(aicpu("kernel returned 42").hint()).contains("kernel itself returned");
    assertThat(aicpu(null).hint()).contains("PrintAicpuErrorInfo");
  }

  @Test
  @DisplayName(
      "issue 17: the hint follows what the text tells: a crash's signal and entry, a reaped"
          + " task's entry and timeout, a dispatcher refusal's decoded code")
  void hintsNameWhatTheTextTells() {
    String crash =
        aicpu(
                "chip 0: the AICPU OS exited with status 139 (signal 11) while running"
                    + " simpler_aicpu_exec of simpler_inner_00_0.so")
            .hint();
    assertThat(crash)
        .contains("signal 11 (SIGSEGV: an invalid memory access")
        .contains("in simpler_aicpu_exec of simpler_inner_00_0.so")
        // the way back, in words for a library user and for the command line alike
        .contains("needs a force reset before it is used again")
        .contains("AicpuLaunch.recover; aicpu-launch run does it after a failed launch")
        .doesNotContain("PrintAicpuErrorInfo");
    // The simulator's fault report names the faulting instruction's offset in the SO.
    String located =
        "chip 0: the AICPU OS exited with status 139 (signal 11), a fault at address 0xc by the"
            + " instruction at simpler_inner_00_0.so+0x114b while running simpler_aicpu_exec of"
            + " simpler_inner_00_0.so";
    assertThat(AicpuFailureCause.faultSite(located))
        .isEqualTo(new AicpuFailureCause.FaultSite("simpler_inner_00_0.so", "0x114b"));
    assertThat(AicpuFailureCause.faultSite("chip 0: the AICPU OS exited with status 139")).isNull();
    assertThat(aicpu(located).hint())
        .contains("signal 11 (SIGSEGV")
        .contains("the faulting instruction is at simpler_inner_00_0.so+0x114b")
        .contains("addr2line -f -e <the SO you built> 0x114b names the function and, built with")
        .contains("needs a force reset");
    assertThat(crash).doesNotContain("addr2line");
    assertThat(
            aicpu("chip 0: the AICPU OS exited with status 134 (signal 6) while running e of s.so")
                .hint())
        .contains("signal 6 (SIGABRT");
    assertThat(aicpu("chip 0: the AICPU OS exited with status 200 while running e of s.so").hint())
        .contains("crashed the AICPU process in e of s.so")
        .doesNotContain("signal");
    String reaped =
        aicpu("chip 0: the op-execute watchdog reaped simpler_aicpu_exec of x.so after 1000000 us")
            .hint();
    assertThat(reaped)
        .contains("reaped simpler_aicpu_exec of x.so after 1000000 us")
        .contains("op-execute timeout")
        .doesNotContain("PrintAicpuErrorInfo");
    assertThat(aicpu("kernel returned 1146290195").hint())
        .contains("AICPU_E_RUNTIME_OPEN (0x44530013)")
        .doesNotContain("PrintAicpuErrorInfo");
    // a card's bare 507018 names nothing: the general advice stays
    assertThat(aicpu(null).hint()).contains("PrintAicpuErrorInfo");
    assertThat(AicpuFailureCause.signalName(99)).isEqualTo("signal 99");
  }

  @Test
  @DisplayName(
      "a reaped task's timeout in seconds too; the command line's hint names run's options, the"
          + " library's the timeout chain")
  void reapedTaskInEachAudiencesWords() {
    CannCallException e =
        aicpu("chip 0: the op-execute watchdog reaped simpler_aicpu_exec of x.so after 2500000 us");
    assertThat(e.hint())
        .contains("after 2500000 us (2.5 s): it overran the op-execute timeout")
        .contains("raise the timeout chain (scheduler < op-execute < stream sync)")
        .doesNotContain("--fast-fail");
    assertThat(e.cliHint())
        .contains("after 2500000 us (2.5 s): it overran the op-execute timeout")
        .contains("--wait-for-debugger holds the launch for gdb (docs/DEBUGGING.md)")
        .contains("--fast-fail ends a stuck launch after 3 s (45 s by default).")
        .doesNotContain("timeout chain");
    // Without the entry (a card's words), the general hint, and for the command line its options.
    CannCallException card = aicpu("chip 0: the op-execute watchdog reaped a task");
    assertThat(card.hint()).isEqualTo(AicpuFailureCause.TIMED_OUT.hint());
    assertThat(card.cliHint())
        .startsWith(AicpuFailureCause.TIMED_OUT.hint())
        .endsWith("--fast-fail ends a stuck launch after 3 s (45 s by default).");
    assertThat(
            aicpu("chip 0: the op-execute watchdog reaped e of s.so after 45000000 us").cliHint())
        .contains("after 45000000 us (45 s)");
  }

  @Test
  @DisplayName("a dispatcher code in the result prints by name, with its own hint")
  void dispatcherCodeByName() {
    CannCallException e = aicpu("kernel returned 1146290195");
    assertThat(e.getMessage()).contains("AICPU_E_RUNTIME_OPEN (0x44530013)");
    assertThat(e.hint()).contains("dispatcher refused");
    assertThat(AicpuFailureCause.of("kernel returned 1146290195"))
        .isEqualTo(AicpuFailureCause.DISPATCHER_REFUSED);
  }

  @Test
  @DisplayName("other codes keep their table hint")
  void otherCodes() {
    assertThat(CannCallException.of(507046, "sync", "kernel returned 1146290195").hint())
        .isEqualTo(CannError.STREAM_SYNC_TIMEOUT.hint());
  }
}
