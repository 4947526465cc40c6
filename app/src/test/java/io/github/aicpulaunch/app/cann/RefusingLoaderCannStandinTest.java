package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.CannRecord.BOOTSTRAP;
import static io.github.aicpulaunch.app.cann.CannRecord.OPEN;
import static io.github.aicpulaunch.app.cann.CannRecord.concat;
import static io.github.aicpulaunch.app.cann.CannRecord.functions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code json-107000} stand-in: a CANN that reports 9.0.1, exports every rts symbol and whose
 * {@code rtsBinaryLoadFromFile} answers 107000 to every descriptor (the seed issue's loader under
 * another version). The policy must find that out by asking, not from the version.
 */
class RefusingLoaderCannStandinTest extends StandinSessions {
  RefusingLoaderCannStandinTest() {
    super("json-107000");
  }

  @Test
  @DisplayName("107000 on the probe: direct-aicpu, the verdict in the reason, no version blamed")
  void theProbeDecidesAndTheFallbackRuns() {
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThat(s.info().launch()).isEqualTo("direct-aicpu");
      assertThat(s.info().policyReason())
          .isEqualTo(
              "deployment dispatcher-upload (default), launch direct-aicpu (rts-json refused: the"
                  + " rts JSON loader answered 107000 (ACL_ERROR_RT_PARAM_INVALID) from"
                  + " rtsBinaryLoadFromFile to the registration probe on physical device 0) on"
                  + " CANN 9.0.1 (cann)");
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x4000L), 2));
    }
    List<StandinCall> calls = standin.calls();
    assertThat(functions(calls))
        .containsExactlyElementsOf(
            concat(
                OPEN,
                BOOTSTRAP,
                List.of(
                    "rtsBinaryLoadFromFile",
                    "rtAicpuKernelLaunchExWithArgs",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtAicpuKernelLaunchExWithArgs",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtStreamDestroy")));
    assertThat(calls.get(15).text())
        .startsWith("rtsBinaryLoadFromFile path=" + aicpu.descriptorDirectory())
        .endsWith(" rc=107000 reason=this variant's rts JSON loader refuses every descriptor");
    assertThat(standin.liveAllocations()).isZero();

    // The verdict holds for the process: the next session on the device does not probe again.
    standin.reset();
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThat(s.info().launch()).isEqualTo("direct-aicpu");
    }
    assertThat(functions(standin.calls())).doesNotContain("rtsBinaryLoadFromFile");
  }

  @Test
  @DisplayName("an explicit rts-json is attempted: CANN's 107000 and function reach the caller")
  void anExplicitRtsJsonIsAttempted() {
    OpenSessionCommand asked =
        new OpenSessionCommand(
            1, so, OpenSessionCommand.DEFAULT_ENTRIES, null, "rts-json", TimeoutChain.DEFAULT);
    assertThatThrownBy(() -> aicpu.open(asked))
        .isInstanceOfSatisfying(
            CannCallException.InvalidArgument.class,
            e -> {
              assertThat(e.code()).isEqualTo(107000);
              assertThat(e.function()).isEqualTo("rtsBinaryLoadFromFile");
              assertThat(e.phase()).contains(Phase.REGISTRATION);
              // a library caller is told the API way out, never a command-line option
              assertThat(e.getMessage())
                  .startsWith("Registration failed: rtsBinaryLoadFromFile returned 107000")
                  .contains("\"direct-aicpu\" (OpenSessionCommand)")
                  .doesNotContain("--launch");
            });
    List<String> functions = functions(standin.calls());
    assertThat(functions).containsOnlyOnce("rtsBinaryLoadFromFile");
    assertThat(functions).doesNotContain("rtsFuncGetByName", "rtsLaunchCpuKernel");
    assertThat(functions.get(functions.size() - 1)).isEqualTo("rtStreamDestroy");
    assertThat(standin.liveAllocations()).isZero();
  }
}
