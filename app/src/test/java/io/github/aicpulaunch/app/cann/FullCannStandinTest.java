package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.CannRecord.BOOTSTRAP;
import static io.github.aicpulaunch.app.cann.CannRecord.OPEN;
import static io.github.aicpulaunch.app.cann.CannRecord.concat;
import static io.github.aicpulaunch.app.cann.CannRecord.functions;
import static io.github.aicpulaunch.app.cann.CannRecord.h2d;
import static io.github.aicpulaunch.app.cann.CannRecord.texts;
import static io.github.aicpulaunch.app.cann.CannRecord.times;
import static io.github.aicpulaunch.app.cann.ProtocolBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.session.AicpuSession;
import io.github.aicpulaunch.domain.session.SessionState;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The real domain strategies and session over the {@code full} stand-in CANN (9.0.0, every rts
 * symbol, 48-byte rtAicpuArgsEx_t): {@code AicpuLaunch.cann(..)} → open → launch → close, with the
 * stand-in's record asserted call by call against PROTOCOL §3.3 (b)–(f). Each test uses its own
 * logical device (see {@link StandinSessions}).
 */
class FullCannStandinTest extends StandinSessions {
  private static final int LAYOUT = 48;

  FullCannStandinTest() {
    super("full");
  }

  private OpenSessionCommand command(int device, String launch) {
    return new OpenSessionCommand(
        device, so, OpenSessionCommand.DEFAULT_ENTRIES, null, launch, TimeoutChain.DEFAULT);
  }

  @Test
  @DisplayName("rts-json: bootstrap, registration of the golden descriptor, init, exec, unload")
  void rtsJsonCallByCall() throws Exception {
    String opExec = "simpler_aicpu_exec_" + fp;
    String opInit = "simpler_aicpu_init_" + fp;
    String descriptorText;
    DeviceBuffer buffer;
    try (Session s = aicpu.open(command(0, "rts-json"))) {
      assertThat(s.info().preinstallName()).isEqualTo("simpler_inner_" + fp + "_0.so");
      buffer = s.allocate(4096);
      s.write(buffer, 0, ByteBuffer.wrap(new byte[4096]));
      s.launch(
          new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(buffer.address()), 4));
      try (Stream<Path> files = Files.list(aicpu.descriptorDirectory())) {
        assertThat(files).as("the descriptor stays while registered").hasSize(1);
      }
      // Closed with the buffer still allocated: close frees it.
    }
    List<StandinCall> calls = standin.calls();
    assertThat(functions(calls))
        .containsExactlyElementsOf(
            concat(
                OPEN,
                BOOTSTRAP,
                List.of(
                    "rtsBinaryLoadFromFile",
                    "rtsFuncGetByName",
                    "rtsFuncGetByName",
                    "rtsLaunchCpuKernel",
                    "aclrtSynchronizeStreamWithTimeout",
                    "aclrtMalloc",
                    "aclrtMemcpy",
                    "rtsLaunchCpuKernel",
                    "aclrtSynchronizeStreamWithTimeout",
                    "rtStreamDestroy",
                    "rtsBinaryUnload",
                    "aclrtFree")));
    CannRecord.assertOpen(calls, 0);
    CannRecord.assertBootstrap(calls, 4, LAYOUT, 0, dispatcher, soBytes);

    StandinCall load = calls.get(15);
    Path descriptor = Path.of(load.get("path"));
    assertThat(descriptor).isAbsolute().hasParentRaw(aicpu.descriptorDirectory());
    assertThat(descriptor.toString()).endsWith(".json");
    descriptorText = new String(load.bytes("json").array(), StandardCharsets.UTF_8);
    String golden =
        Files.readString(
            Path.of(
                System.getProperty("aicpu.testdata"),
                "descriptor",
                "exec_init_17c206da09cc6435.json"));
    // The golden file was typed for fingerprint 17c206da09cc6435 on physical device 0.
    assertThat(descriptorText).isEqualTo(golden.replace("17c206da09cc6435", fp));
    assertThat(load.text())
        .startsWith("rtsBinaryLoadFromFile path=" + descriptor + " numOpt=1 opts=3:0 json=")
        .endsWith(" -> B1 rc=0");
    assertThat(descriptor).as("deleted with its registration").doesNotExist();

    String cpuArgs32 = hex(ProtocolBytes.cpuArgs(LAYOUT, 32));
    assertThat(texts(calls.subList(16, calls.size())))
        .containsExactly(
            "rtsFuncGetByName bin=B1 name=" + opExec + " -> F1 rc=0",
            "rtsFuncGetByName bin=B1 name=" + opInit + " -> F2 rc=0",
            "rtsLaunchCpuKernel func=F2 numBlocks=1 stream=S1 attrsPtr=set numAttrs=0 cpuArgs="
                + cpuArgs32
                + " payload="
                + hex(ProtocolBytes.initArgs(0))
                + " rc=0",
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            "aclrtMalloc size=4096 policy=0 -> M4 rc=0",
            h2d("M4", 4096, hex(new byte[4096])),
            "rtsLaunchCpuKernel func=F1 numBlocks=4 stream=S1 attrsPtr=set numAttrs=0 cpuArgs="
                + cpuArgs32
                + " payload="
                + hex(CannRecord.execPayload(buffer.address()))
                + " rc=0",
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            "rtStreamDestroy stream=S1 rc=0",
            "rtsBinaryUnload bin=B1 rc=0",
            "aclrtFree ptr=M4 rc=0");
    assertThat(standin.liveAllocations()).isZero();
  }

  @Test
  @DisplayName("a second session of the same SO on the same device skips bootstrap and init")
  void secondSessionSkipsTheBootstrap() {
    try (Session s = aicpu.open(command(5, "rts-json"))) {
      assertThat(s.info().preinstallName()).endsWith("_10.so");
    }
    standin.reset();
    try (Session s = aicpu.open(command(5, "rts-json"))) {
      assertThat(s.info().launch()).isEqualTo("rts-json");
    }
    assertThat(functions(standin.calls()))
        .containsExactly(
            "rtGetDevicePhyIdByIndex",
            "aclrtSetOpExecuteTimeOutV2",
            "rtStreamCreate",
            "rtsBinaryLoadFromFile",
            "rtsFuncGetByName",
            "rtsFuncGetByName",
            "rtStreamDestroy",
            "rtsBinaryUnload");
  }

  @Test
  @DisplayName("direct-aicpu: type 2, payload then preinstall basename then entry in the blob")
  void directAicpuCallByCall() {
    String basename = "simpler_inner_" + fp + "_2.so";
    try (Session s = aicpu.open(command(1, "direct-aicpu"))) {
      assertThat(s.info().preinstallName()).isEqualTo(basename);
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0x1234_5678L), 8));
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
    CannRecord.assertOpen(calls, 1);
    CannRecord.assertBootstrap(calls, 4, LAYOUT, 2, dispatcher, soBytes);
    assertThat(calls.get(15).text())
        .isEqualTo(named(ProtocolBytes.initArgs(2), basename, "simpler_aicpu_init", 1));
    assertThat(calls.get(17).text())
        .isEqualTo(named(CannRecord.execPayload(0x1234_5678L), basename, "simpler_aicpu_exec", 8));
    assertThat(standin.liveAllocations()).isZero();
  }

  private static String named(ByteBuffer payload, String so, String entry, int blocks) {
    return CannRecord.namedLaunch(LAYOUT, payload, so, entry, blocks);
  }

  /**
   * Where the init and exec launches of a dispatch-through session start: after 4 slots and the
   * handshake (copy, server launch, wait, ack read).
   */
  private static final int INIT_AT = 4 + 11 + 4 * 3 + 4;

  private static final int EXEC_AT = INIT_AT + 3;

  @Test
  @DisplayName(
      "dispatch-through: four slots; each launch one copy of request + payload and a KFC server"
          + " launch naming fp and entry")
  void dispatchThroughCallByCall() {
    ByteBuffer initCopy;
    ByteBuffer execCopy;
    long initDeviceArgs;
    long execDeviceArgs;
    List<String> whereInSlots;
    try (Session s = aicpu.open(command(2, "dispatch-through"))) {
      s.launch(new LaunchCommand("simpler_aicpu_exec", CannRecord.execPayload(0xABCDL), 3));
      List<StandinCall> calls = standin.calls();
      // While the session is open its slots are live: tie the addresses in the bytes to them.
      initCopy = calls.get(INIT_AT).bytes("data");
      initDeviceArgs = calls.get(INIT_AT + 1).bytes("args").getLong(40);
      execCopy = calls.get(EXEC_AT).bytes("data");
      execDeviceArgs = calls.get(EXEC_AT + 1).bytes("args").getLong(40);
      whereInSlots =
          List.of(
              // payload_addr of each request: 96 bytes into its slot, right behind the request
              standin.allocationAt(initCopy.getLong(8), 32).orElse("?"),
              standin.allocationAt(execCopy.getLong(8), 32).orElse("?"),
              standin.allocationAt(initDeviceArgs, 160).orElse("?"),
              standin.allocationAt(execDeviceArgs, 160).orElse("?"),
              // request_addr in slot 0's and slot 1's DeviceArgs
              standin.allocationAt(calls.get(15 + 2).bytes("data").getLong(144), 96).orElse("?"),
              standin.allocationAt(calls.get(18 + 2).bytes("data").getLong(144), 96).orElse("?"));
    }
    List<StandinCall> calls = standin.calls();
    List<String> slot = List.of("aclrtMalloc", "aclrtMalloc", "aclrtMemcpy"); // slot, DeviceArgs
    List<String> launch =
        List.of(
            "aclrtMemcpy", "rtAicpuKernelLaunchExWithArgs", "aclrtSynchronizeStreamWithTimeout");
    List<String> handshake =
        List.of(
            "aclrtMemcpy",
            "rtAicpuKernelLaunchExWithArgs",
            "aclrtSynchronizeStreamWithTimeout",
            "aclrtMemcpy");
    assertThat(functions(calls))
        .containsExactlyElementsOf(
            concat(
                OPEN,
                BOOTSTRAP,
                times(4, slot),
                handshake,
                launch,
                launch,
                List.of("rtStreamDestroy"),
                times(8, List.of("aclrtFree"))));
    CannRecord.assertOpen(calls, 2);
    CannRecord.assertBootstrap(calls, 4, LAYOUT, 4, dispatcher, soBytes);

    // Slots: M4.. (M1-M3 were the bootstrap's): request + payload 96 + 64 KiB, DeviceArgs 160 B.
    for (int s = 0; s < 4; s++) {
      int at = 15 + 3 * s;
      int m = 4 + 2 * s;
      assertThat(calls.get(at).text())
          .isEqualTo("aclrtMalloc size=65632 policy=0 -> M" + m + " rc=0");
      assertThat(calls.get(at + 1).text())
          .isEqualTo("aclrtMalloc size=160 policy=0 -> M" + (m + 1) + " rc=0");
      long requestAddr = calls.get(at + 2).bytes("data").getLong(144);
      assertThat(calls.get(at + 2).text())
          .isEqualTo(
              h2d("M" + (m + 1), 160, hex(ProtocolBytes.dispatchDeviceArgs(4, requestAddr))));
    }
    // Launch 1 (init) uses slot 0, launch 2 (exec) slot 1.
    assertThat(whereInSlots).containsExactly("M4+96", "M6+96", "M5+0", "M7+0", "M4+0", "M6+0");
    long fpValue = Long.parseUnsignedLong(fp, 16);
    assertThat(calls.get(INIT_AT).text())
        .isEqualTo(
            h2d(
                "M4",
                96 + 32,
                hex(
                        ProtocolBytes.dispatchRequest(
                            fpValue, initCopy.getLong(8), 32, "simpler_aicpu_init"))
                    + hex(ProtocolBytes.initArgs(4))));
    assertThat(calls.get(INIT_AT + 1).text()).isEqualTo(server(initDeviceArgs, 1));
    assertThat(calls.get(EXEC_AT).text())
        .isEqualTo(
            h2d(
                "M6",
                96 + 32,
                hex(
                        ProtocolBytes.dispatchRequest(
                            fpValue, execCopy.getLong(8), 32, "simpler_aicpu_exec"))
                    + hex(CannRecord.execPayload(0xABCDL))));
    assertThat(calls.get(EXEC_AT + 1).text()).isEqualTo(server(execDeviceArgs, 3));
    // Close: the stream, then every slot buffer, last allocated first.
    List<String> frees = texts(calls.subList(calls.size() - 8, calls.size()));
    for (int i = 0; i < 8; i++) {
      assertThat(frees.get(i)).isEqualTo("aclrtFree ptr=M" + (11 - i) + " rc=0");
    }
    assertThat(standin.liveAllocations()).isZero();
  }

  private static String server(long deviceArgs, int blocks) {
    return CannRecord.kfcLaunch(LAYOUT, deviceArgs, ProtocolBytes.SERVER_KERNEL, blocks);
  }

  @Test
  @DisplayName("F9: rtsFuncGetByName 107000 fails the open naming the entry; nothing stays")
  void unresolvedEntryUndoesTheRegistration() throws Exception {
    standin.failNext("rtsFuncGetByName", 107000);
    assertThatThrownBy(() -> aicpu.open(command(3, "rts-json")))
        .isInstanceOfSatisfying(
            CannCallException.InvalidArgument.class,
            e -> {
              assertThat(e.code()).isEqualTo(107000);
              assertThat(e.function()).isEqualTo("rtsFuncGetByName");
              assertThat(e.phase()).contains(Phase.REGISTRATION);
              assertThat(e.getMessage())
                  .startsWith("Registration failed (resolving entry 'simpler_aicpu_exec'")
                  .contains("simpler_aicpu_exec_" + fp)
                  .contains("F9")
                  .contains("rtsFuncGetByName returned 107000");
            });
    List<String> tail = texts(standin.calls().subList(15, standin.calls().size()));
    assertThat(tail.get(0)).startsWith("rtsBinaryLoadFromFile path=").endsWith(" -> B1 rc=0");
    assertThat(tail.subList(1, tail.size()))
        .containsExactly(
            "rtsFuncGetByName bin=B1 name=simpler_aicpu_exec_" + fp + " -> F1 rc=107000",
            "rtsBinaryUnload bin=B1 rc=0",
            "rtStreamDestroy stream=S1 rc=0");
    assertThat(standin.liveAllocations()).isZero();
    try (Stream<Path> files = Files.list(aicpu.descriptorDirectory())) {
      assertThat(files).as("the descriptor is deleted").isEmpty();
    }
  }

  @Test
  @DisplayName("F20-F22: 507018 at the stream sync abandons the session; no unload, no frees")
  void deviceFailureAbandonsWithoutUnload() {
    Session s = aicpu.open(command(4, "rts-json"));
    DeviceBuffer buffer = s.allocate(256);
    int before = standin.calls().size();
    standin.failNext("aclrtSynchronizeStreamWithTimeout", 507018);

    assertThatThrownBy(
            () ->
                s.launch(
                    new LaunchCommand(
                        "simpler_aicpu_exec", CannRecord.execPayload(buffer.address()), 2)))
        .isInstanceOfSatisfying(
            CannCallException.DeviceFailure.class, e -> assertThat(e.code()).isEqualTo(507018));
    assertThat(((AicpuSession) s).state()).isEqualTo(SessionState.ABANDONED);
    s.close();

    List<String> after = texts(standin.calls().subList(before, standin.calls().size()));
    assertThat(after).hasSize(2);
    assertThat(after.get(0))
        .startsWith("rtsLaunchCpuKernel func=F1 numBlocks=2 ")
        .endsWith(" rc=0");
    assertThat(after.get(1))
        .isEqualTo("aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=507018");
    assertThat(functions(standin.calls()))
        .doesNotContain("rtsBinaryUnload", "rtStreamDestroy")
        .filteredOn("aclrtFree"::equals)
        .hasSize(3); // the bootstrap's three, none of the session's
    assertThat(standin.liveAllocations()).as("the buffer is forgotten, not freed").isEqualTo(1);
  }
}
