package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.CannRecord.BOOTSTRAP;
import static io.github.aicpulaunch.app.cann.CannRecord.OPEN;
import static io.github.aicpulaunch.app.cann.CannRecord.concat;
import static io.github.aicpulaunch.app.cann.CannRecord.functions;
import static io.github.aicpulaunch.app.cann.CannRecord.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.Capability;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code no-rts} stand-in: CANN 9.0.0 whose libruntime.so exports none of the rts functions.
 * Capability detection reaches the policy, which picks direct-aicpu, and the session works.
 */
class NoRtsCannStandinTest extends StandinSessions {
  NoRtsCannStandinTest() {
    super("no-rts");
  }

  @Test
  @DisplayName("without the rts symbols the policy picks direct-aicpu, says why, and it runs")
  void policyPicksDirectAicpu() throws Exception {
    assertThat(aicpu.runtimeInfo().capabilities())
        .contains(Capability.AICPU_KERNEL_LAUNCH_EX)
        .doesNotContain(Capability.RTS_BINARY_LOAD, Capability.RTS_LAUNCH_CPU_KERNEL);
    String basename = "simpler_inner_" + fp + "_0.so";
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThat(s.info().launch()).isEqualTo("direct-aicpu");
      assertThat(s.info().policyReason())
          .startsWith(
              "deployment dispatcher-upload (default), launch direct-aicpu (rts-json refused:")
          .contains("lacks the rts API")
          .endsWith("on CANN 9.0.0 (cann)");
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x4000L), 2));
    }
    List<StandinCall> calls = standin.calls();
    assertThat(functions(calls))
        .containsExactlyElementsOf(
            concat(
                OPEN,
                BOOTSTRAP,
                List.of(
                    "rtAicpuKernelLaunchExWithArgs",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtAicpuKernelLaunchExWithArgs",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtStreamDestroy")));
    CannRecord.assertOpen(calls, 0);
    CannRecord.assertBootstrap(calls, 4, 48, 0, dispatcher, soBytes);
    assertThat(texts(calls.subList(15, 19)))
        .containsExactly(
            CannRecord.namedLaunch(
                48, ProtocolBytes.initArgs(0), basename, "simpler_aicpu_init", 1),
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            CannRecord.namedLaunch(
                48, CannRecord.execPayload(0x4000L), basename, "simpler_aicpu_exec", 2),
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0");
    assertThat(standin.liveAllocations()).isZero();
  }

  @Test
  @DisplayName("rts-json named explicitly is refused before any device call, with the way out")
  void rtsJsonIsRefusedBeforeTheDevice() {
    OpenSessionCommand rtsJson =
        new OpenSessionCommand(
            1, so, OpenSessionCommand.DEFAULT_ENTRIES, null, "rts-json", TimeoutChain.DEFAULT);
    assertThatThrownBy(() -> aicpu.open(rtsJson))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.getMessage()).contains("'rts-json'").contains("lacks the rts API");
              assertThat(e.hint()).contains("direct-aicpu");
            });
    // Only the physical-id query, which the policy needs for names; nothing that touches a device.
    assertThat(texts(standin.calls())).containsExactly("rtGetDevicePhyIdByIndex devIndex=1 rc=0");
  }
}
