package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.CannRecord.LEGACY_BOOTSTRAP;
import static io.github.aicpulaunch.app.cann.CannRecord.OPEN;
import static io.github.aicpulaunch.app.cann.CannRecord.concat;
import static io.github.aicpulaunch.app.cann.CannRecord.functions;
import static io.github.aicpulaunch.app.cann.CannRecord.h2d;
import static io.github.aicpulaunch.app.cann.CannRecord.texts;
import static io.github.aicpulaunch.app.cann.CannRecord.times;
import static io.github.aicpulaunch.app.cann.ProtocolBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.app.TestSos;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code legacy-kfc} over the {@code full} stand-in (PROTOCOL §3.3 (a), docs/ABI.md "Legacy KFC
 * launch"): the runtime SO itself goes to CANN's extend library, every task is a KFC launch of
 * {@code DynTileFwkKernelServer} whose blob carries the payload's device address at 40 and its
 * length at 48, and the device's latch then refuses a dispatcher-upload (F1).
 */
class LegacyKfcStandinTest extends StandinSessions {
  private static final String SERVER_ENTRY = "DynTileFwkBackendKernelServer";

  private Path legacySo;
  private byte[] legacyBytes;

  LegacyKfcStandinTest() {
    super("full");
  }

  @BeforeAll
  void legacyRuntime(@TempDir Path dir) throws Exception {
    if (!TestSos.aarch64SosPackaged()) {
      return; // each test reports the skip
    }
    legacySo = CannRecord.aarch64(dir, TestSos.LEGACY);
    legacyBytes = Files.readAllBytes(legacySo);
  }

  private OpenSessionCommand legacy(int device) {
    return new OpenSessionCommand(
        device, legacySo, List.of(SERVER_ENTRY), "legacy-kfc", null, TimeoutChain.DEFAULT);
  }

  @Test
  @DisplayName("legacy: the runtime SO as aicpu_so_bin, then KFC server launches through slots")
  void legacyCallByCall() {
    ByteBuffer payload = CannRecord.execPayload(0x5150L);
    long payloadAddr;
    String slotOfPayload;
    try (Session s = aicpu.open(legacy(0))) {
      assertThat(s.info().deployment()).isEqualTo("legacy-kfc");
      assertThat(s.info().launch()).isEqualTo("legacy-kfc");
      s.launch(new LaunchCommand(SERVER_ENTRY, payload, 4));
      payloadAddr = standin.calls().get(17).bytes("args").getLong(40);
      slotOfPayload = standin.allocationAt(payloadAddr, 65536).orElse("?");
    }
    List<StandinCall> calls = standin.calls();
    assertThat(functions(calls))
        .containsExactlyElementsOf(
            concat(
                OPEN,
                LEGACY_BOOTSTRAP,
                times(4, List.of("aclrtMalloc")),
                List.of(
                    "aclrtMemcpy",
                    "rtAicpuKernelLaunchExWithArgs",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtStreamDestroy"),
                times(4, List.of("aclrtFree"))));
    CannRecord.assertOpen(calls, 0);
    // No dispatcher: the extend library loads the runtime itself; inner_so_bin/len stay 0.
    CannRecord.assertBootstrap(calls, 4, 48, 0, legacyBytes, null);
    for (int s = 0; s < 4; s++) {
      assertThat(calls.get(12 + s).text())
          .isEqualTo("aclrtMalloc size=65536 policy=0 -> M" + (3 + s) + " rc=0");
    }
    assertThat(slotOfPayload).isEqualTo("M3+0");
    ByteBuffer blob =
        ProtocolBytes.kfcBlob(payloadAddr, ProtocolBytes.SERVER_KERNEL).putLong(48, 32);
    assertThat(texts(calls.subList(16, 19)))
        .containsExactly(
            h2d("M3", 32, hex(payload)),
            "rtAicpuKernelLaunchExWithArgs kernelType=5 opName=AST_DYN_AICPU numBlocks=4 argsEx="
                + hex(ProtocolBytes.argsEx(48, 304, 240, 208))
                + " args="
                + hex(blob)
                + " soName="
                + ProtocolBytes.EXTEND_SO
                + " kernelName="
                + ProtocolBytes.SERVER_KERNEL
                + " smDesc=null stream=S1 flags=0 rc=0",
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0");
    assertThat(texts(calls.subList(calls.size() - 4, calls.size())))
        .containsExactly(
            "aclrtFree ptr=M6 rc=0",
            "aclrtFree ptr=M5 rc=0",
            "aclrtFree ptr=M4 rc=0",
            "aclrtFree ptr=M3 rc=0");
    assertThat(standin.liveAllocations()).isZero();
  }

  @Test
  @DisplayName("F1: after a legacy bootstrap the device's latch refuses dispatcher-upload")
  void latchedDeviceRefusesTheDispatcher() {
    try (Session s = aicpu.open(legacy(1))) {
      assertThat(s.info().launch()).isEqualTo("legacy-kfc");
    }
    standin.reset();
    assertThatThrownBy(() -> aicpu.open(OpenSessionCommand.of(1, so)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(legacySo.toString());
    assertThat(texts(standin.calls())).containsExactly("rtGetDevicePhyIdByIndex devIndex=1 rc=0");
  }
}
