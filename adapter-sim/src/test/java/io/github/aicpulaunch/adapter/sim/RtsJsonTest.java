package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rtsBinaryLoadFromFile / rtsFuncGetByName / rtsLaunchCpuKernel with CANN's parsing rules. */
class RtsJsonTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final LoadOptions MODE0 = LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY);

  /** Upstream's descriptor shape (PROTOCOL.md section 4) plus items that test the parser. */
  private static final String DESCRIPTOR =
      """
      {
        "sim_add_17c206da09cc6435": {
          "opInfo": {
            "functionName": "sim_add",
            "kernelSo": "libsim_test_kernels.so",
            "opKernelLib": "AICPUKernel",
            "computeCost": "100",
            "engine": "DNN_VM_AICPU",
            "flagAsync": "False",
            "flagPartial": "False",
            "userDefined": "False"
          }
        },
        "blocks_lowercase_true": {
          "opInfo": {"functionName": "sim_blocks", "kernelSo": "libsim_test_kernels.so",
                     "opKernelLib": "AICPUKernel", "userDefined": "true"}
        },
        "no_op_info": {"functionName": "sim_add"},
        "missing_function": {
          "opInfo": {"functionName": "not_exported", "kernelSo": "libsim_test_kernels.so",
                     "opKernelLib": "AICPUKernel", "userDefined": "False"}
        },
        "reserved_lib": {
          "opInfo": {"functionName": "sim_add", "kernelSo": "libsim_test_kernels.so",
                     "opKernelLib": "SomethingElse", "userDefined": "False"}
        }
      }
      """;

  private static Simulator sim;
  private static CannPorts ports;
  @TempDir static Path dir;
  private static Path json;

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(SimConfig.builder().chips(1).profile("9.0.0").build());
    ports = sim.ports();
    TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
    json = dir.resolve("simpler_inner_17c206da09cc6435_4242.json");
    Files.writeString(json, DESCRIPTOR);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void attach() {
    ports.devices().setDevice(0);
  }

  private static int code(Throwable t) {
    return ((CannCallException) t).code();
  }

  private static void assertRejected(Path path, LoadOptions options) {
    assertThatThrownBy(() -> ports.binaries().loadBinaryFromFile(path, options))
        .as(path + " " + options)
        .isInstanceOf(CannCallException.InvalidArgument.class)
        .extracting(RtsJsonTest::code)
        .isEqualTo(107000);
  }

  @Test
  @DisplayName("F7: a descriptor path without .json, or a relative one, is rejected with 107000")
  void pathRules() throws Exception {
    Path noSuffix = dir.resolve("descriptor");
    Files.writeString(noSuffix, DESCRIPTOR);
    assertRejected(noSuffix, MODE0);
    assertRejected(Path.of("relative.json"), MODE0);
  }

  @Test
  @DisplayName("F7: CANN rewrites from the last dot, so desc.txt loads desc.json beside it")
  void lastDotRewrite() throws Exception {
    Path txt = dir.resolve("simpler_inner_17c206da09cc6435_4242.txt");
    BinaryHandle b = ports.binaries().loadBinaryFromFile(txt, MODE0);
    assertThat(ports.binaries().functionByName(b, "sim_add_17c206da09cc6435")).isNotNull();
    ports.binaries().unloadBinary(b);
  }

  @Test
  @DisplayName("only cpuKernelMode 0 or 1 is accepted from a file; MAGIC and unknown options fail")
  void optionRules() {
    assertRejected(json, LoadOptions.cpuKernelMode(CpuKernelMode.LOAD_FROM_DATA));
    assertRejected(json, new LoadOptions(List.of(new LoadOptions.Option(2, 0x41494350))));
    assertRejected(json, new LoadOptions(List.of(new LoadOptions.Option(9, 0))));
  }

  @Test
  @DisplayName("F9: an opType the binary lacks (or whose item has no opInfo) is 107000")
  void unknownOpType() {
    BinaryHandle b = ports.binaries().loadBinaryFromFile(json, MODE0);
    try {
      assertThatThrownBy(() -> ports.binaries().functionByName(b, "simpler_aicpu_init_x"))
          .extracting(RtsJsonTest::code)
          .isEqualTo(107000);
      assertThatThrownBy(() -> ports.binaries().functionByName(b, "no_op_info"))
          .extracting(RtsJsonTest::code)
          .isEqualTo(107000);
    } finally {
      ports.binaries().unloadBinary(b);
    }
  }

  @Test
  @DisplayName("an AICPUKernel op runs as a type-2 kernel from the preinstall directory")
  void launchRegisteredOp() {
    BinaryHandle b = ports.binaries().loadBinaryFromFile(json, MODE0);
    StreamHandle s = ports.streams().createStream();
    DevicePtr out = ports.memory().malloc(16);
    try {
      FunctionHandle add = ports.binaries().functionByName(b, "sim_add_17c206da09cc6435");
      DevicePtr in = TestSos.upload(ports, TestSos.le(8).putInt(40).putInt(2).array());
      ports
          .cpuKernels()
          .launchCpuKernel(
              add,
              2,
              s,
              LaunchConfig.none(),
              TestSos.withBlocks(1, in.address(), in.address(), out.address(), 2));
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(8);
      ports.memory().copyFromDevice(r, out);
      assertThat(r.getInt(0)).isEqualTo(80);
      assertThat(r.getInt(4)).isEqualTo(4);
      ports.memory().free(in);

      // userDefined is true only for the exact string "True": "true" still runs as type 2.
      FunctionHandle blocks = ports.binaries().functionByName(b, "blocks_lowercase_true");
      ports
          .cpuKernels()
          .launchCpuKernel(blocks, 1, s, LaunchConfig.none(), TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s, 10_000);
    } finally {
      ports.memory().free(out);
      ports.streams().destroyStream(s);
      ports.binaries().unloadBinary(b);
    }
  }

  @Test
  @DisplayName("a registered function the SO does not export fails at sync with 507018")
  void missingFunctionFailsAtSync() {
    BinaryHandle b = ports.binaries().loadBinaryFromFile(json, MODE0);
    StreamHandle s = ports.streams().createStream();
    try {
      FunctionHandle f = ports.binaries().functionByName(b, "missing_function");
      ports.cpuKernels().launchCpuKernel(f, 1, s, LaunchConfig.none(), TestSos.u64s(0));
      assertThatThrownBy(() -> ports.streams().synchronize(s, 10_000))
          .extracting(RtsJsonTest::code)
          .isEqualTo(507018);
      FunctionHandle reserved = ports.binaries().functionByName(b, "reserved_lib");
      assertThatThrownBy(
              () ->
                  ports
                      .cpuKernels()
                      .launchCpuKernel(reserved, 1, s, LaunchConfig.none(), TestSos.u64s(0)))
          .extracting(RtsJsonTest::code)
          .isEqualTo(107000);
    } finally {
      ports.streams().destroyStream(s);
      ports.binaries().unloadBinary(b);
    }
  }

  @Test
  @DisplayName(
      "F6, F21: registrations are per binary handle; unload releases them and their"
          + " function handles")
  void unloadReleases() {
    int before = sim.inspector().registrationsAlive();
    BinaryHandle b1 = ports.binaries().loadBinaryFromFile(json, MODE0);
    BinaryHandle b2 = ports.binaries().loadBinaryFromFile(json, MODE0);
    FunctionHandle f1 = ports.binaries().functionByName(b1, "sim_add_17c206da09cc6435");
    ports.binaries().functionByName(b2, "sim_add_17c206da09cc6435");
    assertThat(sim.inspector().registrationsAlive()).isEqualTo(before + 2);
    ports.binaries().unloadBinary(b1);
    ports.binaries().unloadBinary(b2);
    assertThat(sim.inspector().registrationsAlive()).isEqualTo(before);
    assertThat(sim.inspector().functionHandlesAlive()).isZero();
    assertThatThrownBy(() -> ports.binaries().unloadBinary(b1))
        .extracting(RtsJsonTest::code)
        .isEqualTo(107017);
    StreamHandle s = ports.streams().createStream();
    assertThatThrownBy(
            () ->
                ports.cpuKernels().launchCpuKernel(f1, 1, s, LaunchConfig.none(), TestSos.u64s(0)))
        .extracting(RtsJsonTest::code)
        .isEqualTo(107017);
    ports.streams().destroyStream(s);
  }

  @Test
  @DisplayName("the 8.5.0 profile's rts JSON loader rejects every descriptor with 107000")
  void cann850() throws Exception {
    try (Simulator old = Simulator.start(SimConfig.builder().chips(1).profile("8.5.0").build())) {
      CannPorts p = old.ports();
      assertThat(p.runtime().info().version().text()).isEqualTo("8.5.0");
      // The functions exist, as on the card: only calling them shows the loader is broken.
      assertThat(p.runtime().info().has(Capability.RTS_BINARY_LOAD)).isTrue();
      p.devices().setDevice(0);
      assertThatThrownBy(() -> p.binaries().loadBinaryFromFile(json, MODE0))
          .extracting(RtsJsonTest::code)
          .isEqualTo(107000);
      assertThat(p.runtime().recentErrorMessage())
          .hasValueSatisfying(m -> assertThat(m).contains("8.5.0"));
    }
  }

  @Test
  @DisplayName("profiles report their version and capabilities through the runtime-info port")
  void profiles() {
    assertThat(ports.runtime().info().version().text()).isEqualTo("9.0.0");
    assertThat(ports.runtime().info().capabilities()).containsAll(EnumSet.allOf(Capability.class));
    assertThat(SimProfile.of("9.1").version().atLeast(9, 1)).isTrue();
    assertThat(SimProfile.of("9.1").watchdogError().code()).isEqualTo(507000);
    assertThatThrownBy(() -> SimProfile.of("7.0")).hasMessageContaining("8.5.0, 9.0.0 or 9.1");
  }

  @Test
  @DisplayName(
      "mode 1 ships <stem>.so to the custom scheduler; a userDefined True op runs as type 4")
  void customKernel() throws Exception {
    Path custJson = dir.resolve("custom_ops.json");
    Files.writeString(
        custJson,
        """
        {"cust_blocks": {"opInfo": {"functionName": "sim_blocks", "kernelSo": "libcust_ops.so",
          "opKernelLib": "AICPUKernel", "userDefined": "True"}}}
        """);
    Files.copy(TestSos.path(TestSos.KERNELS), dir.resolve("custom_ops.so"));
    BinaryHandle b =
        ports
            .binaries()
            .loadBinaryFromFile(custJson, LoadOptions.cpuKernelMode(CpuKernelMode.SO_AND_JSON));
    assertThat(sim.inspector().customDir(0).resolve("libcust_ops.so")).exists();
    assertThat(sim.inspector().customDir(0).getFileName().toString())
        .isEqualTo("cust_aicpu_0_0_" + ProcessHandle.current().pid());
    StreamHandle s = ports.streams().createStream();
    DevicePtr out = ports.memory().malloc(8);
    try {
      FunctionHandle f = ports.binaries().functionByName(b, "cust_blocks");
      ports
          .cpuKernels()
          .launchCpuKernel(f, 1, s, LaunchConfig.none(), TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(8);
      ports.memory().copyFromDevice(r, out);
      assertThat(r.getInt(4)).isEqualTo(1);
    } finally {
      ports.memory().free(out);
      ports.streams().destroyStream(s);
      ports.binaries().unloadBinary(b);
    }
  }
}
