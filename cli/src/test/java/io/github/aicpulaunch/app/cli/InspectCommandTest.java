package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.app.TestSos;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InspectCommandTest {
  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = AicpuLaunchCommand.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** Copies a device SO packaged by dispatcher-c out of the classpath. */
  private Path packaged(String resource) throws IOException {
    Path file = tmp.resolve(Path.of(resource).getFileName().toString());
    try (InputStream in = getClass().getResourceAsStream("/linux-x86-64/" + resource)) {
      assertThat(in).as("resource %s from dispatcher-c", resource).isNotNull();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /** The fingerprint by PROTOCOL §5, computed from what readelf (an independent tool) reports. */
  private static String fingerprintFromReadelf(Path so) throws Exception {
    return TestSos.fingerprint(so);
  }

  private static boolean readelfPresent() {
    try {
      return new ProcessBuilder("readelf", "--version").start().waitFor() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }

  @Test
  void exampleRuntimeSatisfiesTheContract() throws Exception {
    assumeTrue(readelfPresent(), "readelf (binutils) is needed as the independent source");
    Path so = packaged("libexample_vector_runtime.so");
    String fp = fingerprintFromReadelf(so);

    int code = run("inspect", so.toString(), "--device", "3");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains("machine:      x86-64")
        .contains("fingerprint:  " + fp)
        .contains("first 8 bytes of the GNU Build-ID")
        .contains("simpler_inner_" + fp + "_3.so (device 3)")
        .contains("[x] simpler_aicpu_exec")
        .contains("[x] simpler_aicpu_init")
        .contains("contract:     satisfied");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void missingEntryExitsTwoAndNamesIt() throws Exception {
    Path so = packaged("fixtures/libfaulty_missing_exec.so");

    int code = run("inspect", so.toString());

    assertThat(code).isEqualTo(2);
    assertThat(out.toString())
        .contains("[ ] simpler_aicpu_exec")
        .contains("NOT satisfied: does not export simpler_aicpu_exec");
  }

  @Test
  void entriesCanBeNamed() throws Exception {
    Path so = packaged("libaicpu_dispatcher.so");

    assertThat(run("inspect", so.toString(), "--entry", "DynTileFwkBackendKernelServerInit"))
        .isZero();
    assertThat(run("inspect", so.toString(), "--entry", "simpler_aicpu_exec")).isEqualTo(2);
  }

  @Test
  void jsonOutputCarriesEveryFact() throws Exception {
    assumeTrue(readelfPresent(), "readelf (binutils) is needed as the independent source");
    Path so = packaged("libexample_checksum_runtime.so");

    int code = run("inspect", so.toString(), "--json");

    assertThat(code).isZero();
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    String fp = fingerprintFromReadelf(so);
    assertThat(o.get("fingerprint").getAsString()).isEqualTo(fp);
    assertThat(o.get("fingerprintSource").getAsString()).isEqualTo("BUILD_ID");
    assertThat(o.get("preinstallName").getAsString()).isEqualTo("simpler_inner_" + fp + "_0.so");
    assertThat(o.get("machine").getAsString()).isEqualTo("x86-64");
    assertThat(o.get("eMachine").getAsInt()).isEqualTo(62);
    assertThat(o.get("satisfiesContract").getAsBoolean()).isTrue();
    assertThat(o.getAsJsonArray("missingEntries")).isEmpty();
    assertThat(o.get("buildId").getAsString()).startsWith(reverseBytes(fp));
  }

  private static String reverseBytes(String hex) {
    StringBuilder sb = new StringBuilder();
    for (int i = hex.length() - 2; i >= 0; i -= 2) {
      sb.append(hex, i, i + 2);
    }
    return sb.toString();
  }

  @Test
  void noBuildIdFallsBackToFnvAndSaysSo() throws Exception {
    // Not ELF at all: unreadable input, exit 1 with a one-line reason.
    Path text = Files.writeString(tmp.resolve("notes.txt"), "not-an-elf-binary");
    assertThat(run("inspect", text.toString())).isEqualTo(1);
    assertThat(err.toString().strip())
        .startsWith("aicpu-launch inspect: Malformed ELF at offset 0")
        .doesNotContain("\n");
  }

  @Test
  void unreadableInputExitsOne() {
    assertThat(run("inspect", tmp.resolve("absent.so").toString())).isEqualTo(1);
    assertThat(err.toString()).contains("absent.so").contains("does not exist");
  }

  @Test
  void helpDocumentsExitCodesAndUsageErrorsExit64() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("inspect", "Exit codes:", "64  wrong usage");
    assertThat(run("inspect")).isEqualTo(64);
    assertThat(err.toString()).contains("Missing required parameter");
    assertThat(run("--version")).isZero();
    assertThat(out.toString()).containsPattern("aicpu-launch \\d+\\.\\d+\\.\\d+");
    assertThat(List.of(out.toString().split("\n"))).isNotEmpty();
  }
}
