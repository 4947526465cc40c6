package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.app.TestSos;
import io.github.aicpulaunch.app.cann.StandinCall;
import io.github.aicpulaunch.app.cann.StandinCann;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code --backend cann} against the {@code full} stand-in CANN, found through {@code
 * --ascend-home}: {@code doctor} reports what it found and {@code run} launches through it.
 */
class CannCliStandinTest {
  @TempDir static Path dir;

  private static StandinCann standin;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void extract() throws Exception {
    standin = StandinCann.extract("full", dir);
  }

  @BeforeEach
  void reset() {
    standin.reset();
  }

  private int run(String... args) {
    CommandLine cl = AicpuLaunchCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  @DisplayName("doctor --backend cann: library paths, version, SoC, capabilities and the policy")
  void doctorReportsTheStandin() {
    TestSos.assumeAarch64Sos(); // the policy's default is decided for the aarch64 example runtime
    String home = standin.home.toString();
    assertThat(run("doctor", "--backend", "cann", "--ascend-home", home)).isZero();
    assertThat(out.toString())
        .contains("CANN backend: available")
        .contains("libascendcl.so: " + standin.home.resolve("lib64/libascendcl.so"))
        .contains("libruntime.so: " + standin.home.resolve("lib64/libruntime.so"))
        .contains("version: 9.0.0 (aclsysGetVersionStr(\"runtime\"))")
        .contains("SoC: Ascend910_9392")
        .contains("rtAicpuArgsEx_t: 48 B")
        .contains("RTS_BINARY_LOAD")
        .contains("Backend cann -> cann:")
        .contains("device code for AArch64")
        .contains(
            "policy default: deployment dispatcher-upload (default), launch rts-json (default;"
                + " the rts JSON loader accepted the registration probe on physical device 0) on"
                + " CANN 9.0.0 (cann)")
        .contains("probes on device 0 (physical 0):")
        .contains("device count         2 device(s) visible")
        .contains("op-execute timeout   asked 45000000 us, CANN applied 45000000 us")
        .contains("registration probe   the rts JSON loader accepted");
  }

  @Test
  @DisplayName("doctor --backend cann without CANN: exit 4, what was searched")
  void doctorSaysWhyCannIsUnavailable() {
    Path empty = dir.resolve("no-cann");
    assertThat(run("doctor", "--backend", "cann", "--ascend-home", empty.toString(), "--json"))
        .isEqualTo(4);
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    JsonObject cann = o.getAsJsonObject("cann");
    assertThat(cann.get("available").getAsBoolean()).isFalse();
    assertThat(cann.get("unavailabilityCause").getAsString())
        .contains("libascendcl.so and libruntime.so not found")
        .contains(empty.resolve("lib64").toString());
    assertThat(o.getAsJsonObject("selected").get("usable").getAsBoolean()).isFalse();
  }

  @Test
  @DisplayName("run --backend cann: the policy's rts-json, the payload file's bytes launched")
  void runLaunchesThroughTheStandin() throws Exception {
    TestSos.assumeAarch64Sos();
    Path so = TestSos.packaged(dir, "linux-aarch64", TestSos.VECTOR);
    String fp = TestSos.fingerprint(so);
    byte[] payload = new byte[32];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (0xA0 + i);
    }
    Path payloadFile = Files.write(dir.resolve("payload.bin"), payload);
    int code =
        run(
            "run",
            so.toString(),
            "--payload",
            payloadFile.toString(),
            "--blocks",
            "3",
            "--backend",
            "cann",
            "--ascend-home",
            standin.home.toString(),
            "--json");
    assertThat(code).as("stderr: %s", err).isZero();
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(o.get("launch").getAsString()).isEqualTo("rts-json");
    assertThat(o.get("fingerprint").getAsString()).isEqualTo(fp);
    assertThat(o.get("preinstallName").getAsString()).isEqualTo("simpler_inner_" + fp + "_0.so");
    assertThat(o.get("backend").getAsString()).startsWith("cann: CANN 9.0.0 at ");

    List<String> launches =
        standin.calls().stream()
            .filter(c -> c.line().startsWith("rtsLaunchCpuKernel"))
            .map(StandinCall::text)
            .toList();
    assertThat(launches).hasSize(2); // simpler_aicpu_init, then the entry asked for
    assertThat(launches.get(1))
        .startsWith("rtsLaunchCpuKernel func=F1 numBlocks=3 ")
        .endsWith(" payload=" + HexFormat.of().formatHex(payload) + " rc=0");
    List<String> functions = standin.calls().stream().map(StandinCall::function).toList();
    // The session closes, then the CLI's facade, the device's last user: PROTOCOL §8's reset.
    assertThat(functions.subList(functions.size() - 3, functions.size()))
        .containsExactly("rtStreamDestroy", "rtsBinaryUnload", "aclrtResetDevice");
  }

  private Path payloadFile() throws Exception {
    return Files.write(dir.resolve("payload32.bin"), new byte[32]);
  }

  private int runOnStandin(Path so, String... more) throws Exception {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                "run",
                so.toString(),
                "--payload",
                payloadFile().toString(),
                "--backend",
                "cann",
                "--ascend-home",
                standin.home.toString()));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  @Test
  @DisplayName("a failing init launch exits 1 and reads as the init launch, not as the exec")
  void aFailingInitLaunchNamesItsPhase() throws Exception {
    TestSos.assumeAarch64Sos();
    Path so = TestSos.packaged(dir, "linux-aarch64", TestSos.VECTOR);
    // The first timed sync of a fresh session is the init launch's.
    standin.failNext("aclrtSynchronizeStreamWithTimeout", 507018);
    assertThat(runOnStandin(so, "--device", "1", "--json")).isEqualTo(1);
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(o.get("phase").getAsString()).isEqualTo("init launch");
    assertThat(o.get("cannCode").getAsInt()).isEqualTo(507018);
    assertThat(o.get("function").getAsString()).isEqualTo("aclrtSynchronizeStreamWithTimeout");
    assertThat(err.toString())
        .startsWith(
            "aicpu-launch run: Init launch failed: aclrtSynchronizeStreamWithTimeout returned"
                + " 507018")
        .doesNotContain("Exec failed");
  }

  @Test
  @DisplayName(
      "rtsFuncGetByName's 107000 keeps CANN's code and function, exits 1 (after device calls),"
          + " and the hint names --launch direct-aicpu")
  void aFailedLookupKeepsCannsCodeAndExitsOne() throws Exception {
    TestSos.assumeAarch64Sos();
    Path so = TestSos.packaged(dir, "linux-aarch64", TestSos.VECTOR);
    standin.failNext("rtsFuncGetByName", 107000);
    assertThat(runOnStandin(so, "--device", "2", "--launch", "rts-json", "--json")).isEqualTo(1);
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(o.get("result").getAsString()).isEqualTo("failed");
    assertThat(o.get("phase").getAsString()).isEqualTo("registration");
    assertThat(o.get("cannCode").getAsInt()).isEqualTo(107000);
    assertThat(o.get("function").getAsString()).isEqualTo("rtsFuncGetByName");
    assertThat(o.get("hint").getAsString()).contains("--launch direct-aicpu");
    assertThat(err.toString())
        .contains("Registration failed (resolving entry 'simpler_aicpu_exec'")
        .contains("Hint: ")
        .contains("--launch direct-aicpu")
        .doesNotContain("OpenSessionCommand");
  }

  @Test
  @DisplayName("107002 on the command line: the CLI's way out, not the library's setDevice")
  void contextNullShowsTheCliHint() throws Exception {
    TestSos.assumeAarch64Sos();
    Path so = TestSos.packaged(dir, "linux-aarch64", TestSos.VECTOR);
    standin.failNext("aclrtMalloc", 107002);
    assertThat(runOnStandin(so, "--device", "3")).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("aicpu-launch run: Bootstrap failed: aclrtMalloc returned 107002")
        .contains("report it")
        .doesNotContain("setDevice");
  }

  @Test
  @DisplayName(
      "exit 3 only when no device call was made: a wrong-arch SO, and legacy-kfc's entries")
  void refusalsBeforeTheDeviceExitThree() throws Exception {
    Path x86 = TestSos.packaged(dir, "linux-x86-64", TestSos.VECTOR);
    assertThat(runOnStandin(x86)).isEqualTo(3);
    assertThat(err.toString()).contains("AArch64");
    TestSos.assumeAarch64Sos();
    Path so = TestSos.packaged(dir, "linux-aarch64", TestSos.VECTOR);
    assertThat(
            runOnStandin(so, "--device", "4", "--deploy", "legacy-kfc", "--launch", "legacy-kfc"))
        .isEqualTo(3);
    assertThat(err.toString())
        .contains("--declare DynTileFwkBackendKernelServer --entry DynTileFwkBackendKernelServer")
        .doesNotContain("OpenSessionCommand");
    // Only the query of the physical id (F3b) reached CANN: nothing touched a device.
    assertThat(standin.calls())
        .extracting(StandinCall::function)
        .containsOnly("rtGetDevicePhyIdByIndex");
  }
}
