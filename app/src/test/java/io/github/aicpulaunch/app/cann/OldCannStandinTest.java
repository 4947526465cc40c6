package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.CannRecord.BOOTSTRAP;
import static io.github.aicpulaunch.app.cann.CannRecord.OPEN;
import static io.github.aicpulaunch.app.cann.CannRecord.PROBE;
import static io.github.aicpulaunch.app.cann.CannRecord.concat;
import static io.github.aicpulaunch.app.cann.CannRecord.functions;
import static io.github.aicpulaunch.app.cann.CannRecord.texts;
import static io.github.aicpulaunch.app.cann.ProtocolBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The {@code old} stand-in: CANN 8.3.0 (version from {@code runtime/version.info}, no
 * aclsysGetVersionStr) with the 40-byte rtAicpuArgsEx_t of older headers (16-bit name offsets at 32
 * and 34). Every launch the strategies make goes out in that layout.
 */
class OldCannStandinTest extends StandinSessions {
  private static final int LAYOUT = 40;

  OldCannStandinTest() {
    super("old");
  }

  @Test
  @DisplayName("the policy's rts-json on 8.3.0: 40-byte bootstrap, 64-byte rtCpuKernelArgs_t")
  void rtsJsonInTheOldLayout() throws Exception {
    assertThat(aicpu.runtimeInfo().version().text()).isEqualTo("8.3.0");
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThat(s.info().launch()).isEqualTo("rts-json");
      assertThat(s.info().policyReason()).endsWith("on CANN 8.3.0 (cann)");
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x99L), 2));
    }
    List<StandinCall> calls = standin.calls();
    assertThat(functions(calls))
        .containsExactlyElementsOf(
            concat(
                OPEN,
                BOOTSTRAP,
                PROBE,
                List.of(
                    "rtsBinaryLoadFromFile",
                    "rtsFuncGetByName",
                    "rtsFuncGetByName",
                    "rtsLaunchCpuKernel",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtsLaunchCpuKernel",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtStreamDestroy",
                    "rtsBinaryUnload")));
    CannRecord.assertOpen(calls, 0);
    CannRecord.assertBootstrap(calls, 4, LAYOUT, 0, dispatcher, soBytes);
    assertThat(calls.get(16).text())
        .isEqualTo(
            "rtsFuncGetByName bin=B1 name=aicpu_launch_registration_probe_00000070726f6265"
                + " -> F1 rc=0");
    assertThat(calls.get(17).text()).isEqualTo("rtsBinaryUnload bin=B1 rc=0");
    String cpuArgs = hex(ProtocolBytes.cpuArgs(LAYOUT, 32));
    assertThat(texts(calls.subList(21, 24)))
        .containsExactly(
            "rtsLaunchCpuKernel func=F3 numBlocks=1 stream=S1 attrsPtr=set numAttrs=0 cpuArgs="
                + cpuArgs
                + " payload="
                + hex(ProtocolBytes.initArgs(0))
                + " rc=0",
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            "rtsLaunchCpuKernel func=F2 numBlocks=2 stream=S1 attrsPtr=set numAttrs=0 cpuArgs="
                + cpuArgs
                + " payload="
                + hex(CannRecord.execPayload(0x99L))
                + " rc=0");
    assertThat(standin.liveAllocations()).isZero();
  }

  @Test
  @DisplayName("direct-aicpu on 8.3.0: the names' offsets go out as 16-bit fields")
  void directAicpuInTheOldLayout() {
    String basename = "simpler_inner_" + fp + "_2.so";
    OpenSessionCommand direct =
        new OpenSessionCommand(
            1, so, OpenSessionCommand.DEFAULT_ENTRIES, null, "direct-aicpu", TimeoutChain.DEFAULT);
    try (Session s = aicpu.open(direct)) {
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x77L), 1));
    }
    List<StandinCall> calls = standin.calls();
    assertThat(calls.get(10).function()).isEqualTo("rtAicpuKernelLaunchExWithArgs");
    assertThat(calls.get(10).bytes("argsEx").capacity()).isEqualTo(LAYOUT);
    assertThat(texts(calls.subList(15, 18)))
        .containsExactly(
            CannRecord.namedLaunch(
                LAYOUT, ProtocolBytes.initArgs(2), basename, "simpler_aicpu_init", 1),
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            CannRecord.namedLaunch(
                LAYOUT, CannRecord.execPayload(0x77L), basename, "simpler_aicpu_exec", 1));
  }
}
