package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.app.TestSos;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InspectCommandTest {
  @TempDir Path tmp;

  private final Cli cli = new Cli();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
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
  @DisplayName("--entry adds to the default entries; --only-entry replaces them; not both")
  void entriesCanBeNamed() throws Exception {
    Path dispatcher = packaged("libaicpu_dispatcher.so");
    Path vector = packaged("libexample_vector_runtime.so");
    String server = "DynTileFwkBackendKernelServerInit";
    String none = "--card-glibc=none"; // the host's glibc is not the question here

    assertThat(run("inspect", dispatcher.toString(), none, "--only-entry", server)).isZero();
    assertThat(run("inspect", dispatcher.toString(), none, "--entry", server)).isEqualTo(2);
    assertThat(out.toString()).contains("does not export simpler_aicpu_exec, simpler_aicpu_init");
    out.getBuffer().setLength(0);
    assertThat(run("inspect", vector.toString(), none, "--entry", "example_vector_get_init"))
        .isZero();
    assertThat(out.toString())
        .contains("[x] simpler_aicpu_exec")
        .contains("[x] simpler_aicpu_init")
        .contains("[x] example_vector_get_init");
    assertThat(run("inspect", vector.toString(), "--entry", "a", "--only-entry", "b"))
        .isEqualTo(64);
    assertThat(err.toString()).contains("use one or the other");
  }

  private Path build(String name, String source, String... flags) throws Exception {
    return HostCc.sharedObject(tmp, name, source, flags);
  }

  private static final String ENTRIES =
      "#include <stdint.h>\n" + "uint32_t simpler_aicpu_init(void *a) { (void)a; return 0; }\n";

  @Test
  @DisplayName("an entry exported as data is named so, and the contract is not satisfied")
  void entryExportedAsData() throws Exception {
    Path so = build("data_entry", ENTRIES + "uint32_t simpler_aicpu_exec[4] = {1, 2, 3, 4};\n");
    assertThat(run("inspect", so.toString(), "--card-glibc", "none")).isEqualTo(2);
    assertThat(out.toString())
        .contains("[!] simpler_aicpu_exec (exported as data, not a function)")
        .contains("simpler_aicpu_exec exported as data, not as a function");
    out.getBuffer().setLength(0);
    assertThat(run("inspect", so.toString(), "--card-glibc", "none", "--json")).isEqualTo(2);
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(o.getAsJsonArray("entriesExportedAsData").toString())
        .isEqualTo("[\"simpler_aicpu_exec\"]");
    assertThat(o.getAsJsonArray("missingEntries")).isEmpty();
  }

  @Test
  @DisplayName(
      "F10: an SO with a symbol nothing on a card defines is NOT satisfied, even though it loads"
          + " lazily")
  void unresolvedSymbolIsNotSatisfied() throws Exception {
    Path so = packaged("fixtures/libfaulty_unresolved.so");
    assertThat(run("inspect", so.toString(), "--json")).isEqualTo(2);
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(o.get("satisfiesContract").getAsBoolean()).isFalse();
    assertThat(o.getAsJsonArray("unresolved").toString())
        .isEqualTo("[\"faulty_function_nowhere_defined\"]");
    assertThat(o.get("contractProblem").getAsString())
        .contains("needs faulty_function_nowhere_defined, which nothing on a card defines");
  }

  @Test
  @DisplayName("the device symbols, libc and weak symbols resolve; a library a card lacks does not")
  void foreignLibrary() throws Exception {
    Path foo = build("foo", "int foo_value(void) { return 7; }\n");
    Path so =
        build(
            "uses_foo",
            ENTRIES
                + "#include <string.h>\n"
                + "void DlogRecord(int m, int l, const char *f, ...);\n"
                + "int foo_value(void);\n"
                + "uint32_t simpler_aicpu_exec(void *a) {\n"
                + "  DlogRecord(3, 1, \"x\"); memset(a, 0, 4); return (uint32_t)foo_value(); }\n",
            "-L" + tmp,
            "-lfoo");
    assertThat(foo).exists();
    assertThat(run("inspect", so.toString(), "--card-glibc", "none", "--json")).isEqualTo(2);
    JsonObject o = JsonParser.parseString(out.toString()).getAsJsonObject();
    assertThat(o.getAsJsonArray("foreignLibraries").toString()).isEqualTo("[\"libfoo.so\"]");
    assertThat(o.getAsJsonArray("unresolved").toString()).isEqualTo("[\"foo_value\"]");
    assertThat(o.get("contractProblem").getAsString())
        .contains("needs libfoo.so, which a card's AICPU OS does not have");
  }

  @Test
  @DisplayName(
      "a glibc version newer than the card's is named with its symbols; --card-glibc moves the"
          + " line")
  void glibcTooNew() throws Exception {
    // dlopen moved into libc with version GLIBC_2.34; the host's glibc is that new or newer.
    Path so =
        build(
            "uses_dlopen",
            ENTRIES
                + "#include <dlfcn.h>\n"
                + "uint32_t simpler_aicpu_exec(void *a) { return dlopen((const char *)a, 1) ? 0 : 1; }\n",
            "-ldl");
    assumeTrue(
        new String(
                new ProcessBuilder("readelf", "-V", so.toString())
                    .start()
                    .getInputStream()
                    .readAllBytes(),
                StandardCharsets.UTF_8)
            .contains("GLIBC_2.34"),
        "the host's glibc binds dlopen to GLIBC_2.34 (glibc 2.34 or newer)");
    assertThat(run("inspect", so.toString(), "--card-glibc", "2.28")).isEqualTo(2);
    assertThat(out.toString())
        .contains("needs GLIBC_2.34")
        .contains("dlopen@GLIBC_2.34")
        .contains("newer than 2.28 (the card's, assumed)");
    out.getBuffer().setLength(0);
    assertThat(run("inspect", so.toString(), "--card-glibc", "2.34")).isZero();
    assertThat(out.toString()).contains("needs nothing newer than 2.34");
    assertThat(run("inspect", so.toString(), "--card-glibc", "two")).isEqualTo(64);
  }

  @Test
  @DisplayName("a path with a newline is printed escaped, on one line")
  void newlineInPathIsEscaped() throws Exception {
    Path odd = tmp.resolve("odd\nname.so");
    Files.copy(packaged("libexample_vector_runtime.so"), odd);
    run("inspect", odd.toString(), "--card-glibc", "none");
    assertThat(out.toString()).contains("file:         " + tmp + "/odd\\nname.so\n");
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
