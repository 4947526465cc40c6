package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.app.TestSos;
import java.io.StringWriter;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** demo, run and doctor through picocli, output captured. */
class CommandsTest {
  @TempDir Path tmp;

  private final Cli cli = new Cli();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private JsonObject json() {
    return JsonParser.parseString(out.toString()).getAsJsonObject();
  }

  /** InitArgs (PROTOCOL §2.4): device 0, log level 25, default scheduler timeout. */
  private Path initPayload() throws Exception {
    byte[] init = new byte[32];
    init[4] = 25;
    return Files.write(tmp.resolve("init.bin"), init);
  }

  @Test
  @DisplayName(
      "demo: every strategy on both devices passes (custom-kernel asked for, with the #822 note),"
          + " then legacy-kfc on each device")
  void demoPasses() throws Exception {
    String fp = TestSos.fingerprint(TestSos.packaged(tmp, "libexample_vector_runtime.so"));
    String legacyFp = TestSos.fingerprint(TestSos.packaged(tmp, "libexample_legacy_runtime.so"));
    assertThat(run("demo", "--json")).isZero();
    JsonObject o = json();
    assertThat(o.get("passed").getAsBoolean()).isTrue();
    JsonArray runs = o.getAsJsonArray("runs");
    assertThat(runs).hasSize(12);
    List<String> labels = new ArrayList<>();
    for (JsonElement e : runs) {
      JsonObject r = e.getAsJsonObject();
      String requested = r.get("requested").getAsString();
      int device = r.get("device").getAsInt();
      labels.add(device + " " + requested);
      assertThat(r.get("result").getAsString()).as("%s", r).isEqualTo("passed");
      if (requested.equals("legacy-kfc")) {
        // The runtime SO sits in CANN's KFC library, not in the preinstall directory.
        assertThat(r.get("launch").getAsString()).isEqualTo("legacy-kfc");
        assertThat(r.get("fingerprint").getAsString()).isEqualTo(legacyFp);
        assertThat(r.get("preinstallName").getAsString()).isEqualTo("-");
        assertThat(r.get("detail").getAsString())
            .contains("deployment legacy-kfc (requested), launch legacy-kfc")
            .contains("(F1)");
        continue;
      }
      assertThat(r.get("fingerprint").getAsString()).isEqualTo(fp);
      assertThat(r.get("preinstallName").getAsString())
          .isEqualTo("simpler_inner_" + fp + "_" + device + ".so");
      if (!requested.equals("(policy)")) {
        assertThat(r.get("launch").getAsString()).isEqualTo(requested);
      }
      if (requested.equals("custom-kernel")) {
        assertThat(r.get("detail").getAsString())
            .contains("launch custom-kernel (requested)")
            .contains("#822");
      } else {
        assertThat(r.get("detail").getAsString()).doesNotContain("#822");
      }
    }
    assertThat(labels)
        .containsExactly(
            "0 (policy)",
            "0 rts-json",
            "0 direct-aicpu",
            "0 dispatch-through",
            "0 custom-kernel",
            "1 (policy)",
            "1 rts-json",
            "1 direct-aicpu",
            "1 dispatch-through",
            "1 custom-kernel",
            "0 legacy-kfc",
            "1 legacy-kfc");
  }

  @Test
  @DisplayName(
      "seed issue: the demo passes on CANN 8.5.0; the probe's 107000 skips rts-json and"
          + " custom-kernel")
  void demoOnCann850() {
    assertThat(run("demo", "--sim-profile", "8.5.0")).isZero();
    assertThat(out.toString())
        .containsPattern("0 +\\(policy\\) +direct-aicpu")
        .containsPattern("1 +rts-json .*skipped: refused: .*107000")
        .containsPattern("1 +custom-kernel .*skipped: refused: .*107000")
        .containsPattern("1 +legacy-kfc +legacy-kfc .* ok \\[1\\]")
        .contains("[1] legacy-kfc runs the legacy runtime on a second simulator")
        .contains("demo passed");
  }

  @Test
  void runReportsThePolicyChoice() throws Exception {
    Path so = TestSos.packaged(tmp, "libexample_vector_runtime.so");
    int code =
        run(
            "run",
            so.toString(),
            "--entry",
            "simpler_aicpu_init",
            "--payload",
            initPayload().toString(),
            "--blocks",
            "3",
            "--backend",
            "sim");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains(
            "policy:      deployment dispatcher-upload (default), launch rts-json (default; the"
                + " rts JSON loader accepted the registration probe on physical device 0)")
        .contains("launched:    simpler_aicpu_init on device 0, 3 block(s), 32-byte payload")
        .contains("result:      ok");
  }

  @Test
  @DisplayName(
      "an explicit rts-json on CANN 8.5.0 is attempted: CANN's 107000, exit 1, the way out")
  void runAskedRtsJsonOnCann850IsAttempted() throws Exception {
    Path so = TestSos.packaged(tmp, "libexample_vector_runtime.so");
    int code =
        run(
            "run",
            so.toString(),
            "--payload",
            initPayload().toString(),
            "--launch",
            "rts-json",
            "--backend",
            "sim",
            "--sim-profile",
            "8.5.0",
            "--json");
    assertThat(code).isEqualTo(1);
    JsonObject o = json();
    assertThat(o.get("result").getAsString()).isEqualTo("failed");
    assertThat(o.get("cannCode").getAsInt()).isEqualTo(107000);
    assertThat(o.get("function").getAsString()).isEqualTo("rtsBinaryLoadFromFile");
    assertThat(o.get("hint").getAsString()).contains("direct-aicpu");
    assertThat(err.toString().strip()).startsWith("aicpu-launch run: ").doesNotContain("\n");
  }

  @Test
  @DisplayName(
      "--sim-device-memory sets each die's memory; a runtime SO larger than it is refused before"
          + " upload, naming the flag, with no leak hint")
  void simDeviceMemoryFlag() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    assertThat(Files.size(so)).isGreaterThan(8 * 1024);
    assertThat(runInit(so, "--sim-device-memory", "8K")).isEqualTo(1);
    assertThat(err.toString())
        .contains("207001")
        .contains("more than the device's whole memory of 8192 bytes")
        .contains("--sim-device-memory")
        .doesNotContain("check for leaks");

    err.getBuffer().setLength(0);
    assertThat(run("run", so.toString(), "--backend", "sim", "--sim-device-memory", "lots"))
        .isEqualTo(64);
    assertThat(err.toString()).contains("--sim-device-memory 'lots' is not a size");
    assertThat(new BackendOptions.MemorySizeConverter().convert("64M")).isEqualTo(64L << 20);
  }

  @Test
  @DisplayName(
      "issue 17: --sim-chips out of 1..16 is wrong usage naming the flag and the range, not a bare"
          + " number")
  void simChipsFlag() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    for (String chips : List.of("-1", "0", "17", "two")) {
      err.getBuffer().setLength(0);
      assertThat(run("run", so.toString(), "--backend", "sim", "--sim-chips", chips))
          .as(chips)
          .isEqualTo(64);
      assertThat(err.toString())
          .as(chips)
          .contains("--sim-chips '" + chips + "' is not a number of chips of 1..16");
    }
    assertThat(new BackendOptions.ChipCountConverter().convert("2")).isEqualTo(2);
  }

  @Test
  @DisplayName(
      "issue 17: a --sim-preinstall-dir that is a file or missing fails (1) naming what it is,"
          + " and leaves no private directory of this JVM behind")
  void simPreinstallDirRefusals() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    Path file = Files.write(tmp.resolve("a-file"), new byte[1]);
    Path javaTmp = Path.of(System.getProperty("java.io.tmpdir"));
    String mine = "aicpu-sim-" + ProcessHandle.current().pid() + "-";
    Set<String> before = privateDirs(javaTmp, mine);
    record Case(Path dir, String problem) {}
    for (Case c :
        List.of(
            new Case(file, "is a regular file, not a directory"),
            new Case(tmp.resolve("absent"), "does not exist"))) {
      err.getBuffer().setLength(0);
      assertThat(runInit(so, "--sim-preinstall-dir", c.dir().toString()))
          .as(err.toString())
          .isEqualTo(1);
      assertThat(err.toString()).contains(c.dir().toString()).contains(c.problem());
      assertThat(privateDirs(javaTmp, mine)).as("private directories").isEqualTo(before);
    }
  }

  @Test
  @DisplayName(
      "issue 17: an SO that cannot be read exits 1 (unreadable input, as --help says); one read"
          + " and refused (a directory, not ELF) exits 3")
  void unreadableSoExitsOne() throws Exception {
    Path notElf = Files.writeString(tmp.resolve("notelf.so"), "not an ELF");
    record Case(Path so, int exit, String error) {}
    for (Case c :
        List.of(
            new Case(tmp.resolve("absent.so"), 1, "input"),
            new Case(tmp, 3, "refused"),
            new Case(notElf, 3, "refused"))) {
      out.getBuffer().setLength(0);
      assertThat(runInit(c.so(), "--json")).as("%s: %s", c, err).isEqualTo(c.exit());
      assertThat(json().get("error").getAsString()).as("%s", c).isEqualTo(c.error());
    }
    assertThat(ExitCodes.HELP_TEXT).contains("1   unreadable input");
  }

  /** {@code run SO --payload <InitArgs> --entry simpler_aicpu_init --backend sim MORE...}. */
  private int runInit(Path so, String... more) throws Exception {
    List<String> args = new ArrayList<>();
    args.addAll(
        List.of(
            "run",
            so.toString(),
            "--payload",
            initPayload().toString(),
            "--entry",
            "simpler_aicpu_init",
            "--backend",
            "sim"));
    args.addAll(List.of(more));
    return run(args.toArray(String[]::new));
  }

  /** This JVM's private simulator directories in {@code dir}. */
  private static Set<String> privateDirs(Path dir, String prefix) throws Exception {
    Set<String> names = new TreeSet<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, prefix + "*")) {
      entries.forEach(p -> names.add(p.getFileName().toString()));
    }
    return names;
  }

  @Test
  void runFailingKernelExitsOneWithTheCannCode() throws Exception {
    Path so = TestSos.packaged(tmp, "fixtures/libfaulty_exec_fails.so");
    int code =
        run(
            "run",
            so.toString(),
            "--payload",
            initPayload().toString(),
            "--backend",
            "sim",
            "--fast-fail",
            "--json");
    assertThat(code).isEqualTo(1);
    JsonObject o = json();
    assertThat(o.get("cannCode").getAsInt()).isEqualTo(507018);
    assertThat(o.get("cannName").getAsString()).isEqualTo("ACL_ERROR_RT_AICPU_EXCEPTION");
  }

  @Test
  void doctorOnTheSimulatorListsVerdictsAndTheDefault() {
    assertThat(run("doctor", "--backend", "sim", "--sim-profile", "8.5.0", "--json")).isZero();
    JsonObject s = json().getAsJsonObject("selected");
    assertThat(s.get("backend").getAsString()).isEqualTo("sim");
    JsonObject launches = s.getAsJsonObject("launches");
    assertThat(launches.getAsJsonObject("rts-json").get("works").getAsBoolean()).isFalse();
    assertThat(launches.getAsJsonObject("rts-json").get("refusal").getAsString())
        .contains("107000");
    assertThat(launches.getAsJsonObject("direct-aicpu").get("works").getAsBoolean()).isTrue();
    assertThat(launches.getAsJsonObject("dispatch-through").get("works").getAsBoolean()).isTrue();
    assertThat(launches.getAsJsonObject("custom-kernel").get("explicitOnly").getAsBoolean())
        .isTrue();
    assertThat(s.get("policyDefault").getAsString()).contains("launch direct-aicpu");
  }

  @Test
  void doctorForAMissingCannExitsFourAndSaysWhy() {
    assertThat(run("doctor", "--backend", "cann", "--ascend-home", tmp.toString())).isEqualTo(4);
    assertThat(out.toString()).contains("CANN backend: unavailable").contains("NOT usable");
  }

  @Test
  void doctorWithoutCannListsTheFoldersSearchedOnceAndRunsTheSimulator() {
    Path home = tmp.resolve("no-cann");
    assertThat(run("doctor", "--ascend-home", home.toString())).isZero();
    String text = out.toString();
    // Every folder searched lies under the home; the list is printed on its own line only.
    assertThat(text.split(Pattern.quote(home.resolve("lib64").toString()), -1)).hasSize(2);
    assertThat(text)
        .contains("CANN backend: unavailable: libascendcl.so and libruntime.so not found in the ")
        .contains("  searched: [" + home.resolve("lib64"))
        .containsPattern(
            "because: CANN is not available \\(libascendcl.so and libruntime.so not found in the"
                + " [0-9]+ folders? searched\\), so the simulator runs instead");
  }

  @Test
  void helpListsTheSubcommandsAndExitCodes() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("demo", "run", "doctor", "inspect", "new")
        .contains("3   refused before any device call")
        .contains("4   the backend asked for is not available");
    assertThat(run("run", "x.so")).isEqualTo(64);
  }
}
