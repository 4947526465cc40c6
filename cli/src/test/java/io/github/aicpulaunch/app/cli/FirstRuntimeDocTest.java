package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/FIRST-RUNTIME.md is executed: every {@code sh} block runs, in order, as a bash script in one
 * fresh folder with {@code aicpu-launch} on PATH (this build's CLI), and every line of the {@code
 * text} block after it must appear in its output. {@code sh aarch64} blocks need an aarch64
 * compiler (skipped with one line without one, a failure under {@code
 * -Daicpu.require.toolchains=true}); {@code sh card} blocks need an NPU and are only checked to
 * name an SO the walkthrough built. This is also the test that the scaffold of {@code aicpu-launch
 * new} builds and passes its own ctest from a fresh folder.
 */
class FirstRuntimeDocTest {
  private static final Pattern BLOCK = Pattern.compile("(?s)```([a-z0-9 ]*)\\n(.*?)```");
  static final String NO_CROSS_COMPILER =
      "[WARNING] aicpu-launch: SKIPPED the scaffold's card build (aarch64) in FirstRuntimeDocTest:"
          + " apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross";

  @TempDir Path tmp;

  record Block(String kind, String body) {}

  private static List<Block> blocks() throws IOException {
    Path doc =
        Path.of(System.getProperty("aicpu.testdata"))
            .getParent()
            .resolve("docs")
            .resolve("FIRST-RUNTIME.md");
    Matcher m = BLOCK.matcher(Files.readString(doc));
    List<Block> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(new Block(m.group(1).strip(), m.group(2)));
    }
    return blocks;
  }

  private static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  /** {@code aicpu-launch} as this build's CLI: the test classpath's Main. */
  private Path wrapper() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path script = bin.resolve("aicpu-launch");
    StringBuilder exec = new StringBuilder("#!/bin/sh\nexec");
    for (String word : Cli.process()) {
      exec.append(" '").append(word).append('\'');
    }
    Files.writeString(script, exec.append(" \"$@\"\n").toString());
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    return bin;
  }

  private String sh(Path work, Path bin, String script) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", script)
            .directory(work.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = pb.environment();
    env.put("PATH", bin + ":" + env.getOrDefault("PATH", "/usr/bin:/bin"));
    env.remove("ASCEND_HOME_PATH"); // Debian's cross compiler, the one CI installs
    Process p = pb.start();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("finished: %s", script).isTrue();
    String text = new String(output, StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as("exit status of%n%s%noutput:%n%s", script, text).isZero();
    return text;
  }

  @Test
  @DisplayName(
      "docs/FIRST-RUNTIME.md: new, build, ctest on the simulator and the run by hand, in under 10"
          + " commands, with the output it shows")
  void walkthroughRuns() throws Exception {
    boolean cross = onPath("aarch64-linux-gnu-gcc");
    if (!cross) {
      if (Boolean.getBoolean("aicpu.require.toolchains")) {
        throw new AssertionError(
            NO_CROSS_COMPILER.replace("[WARNING]", "[ERROR]").replace("SKIPPED", "MISSING")
                + " (required by -Daicpu.require.toolchains=true)");
      }
      System.out.println(NO_CROSS_COMPILER);
    }
    List<Block> blocks = blocks();
    Path bin = wrapper();
    Path work = Files.createDirectories(tmp.resolve("work"));
    int commands = 0;
    int executed = 0;
    for (int i = 0; i < blocks.size(); i++) {
      Block b = blocks.get(i);
      if (!b.kind().startsWith("sh")) {
        continue;
      }
      commands += b.body().replace("\\\n", " ").strip().split("\n").length;
      if (b.kind().equals("sh card")) {
        // Needs an NPU: check only that it runs an SO the walkthrough built.
        Matcher so = Pattern.compile("run (\\S+\\.so)").matcher(b.body());
        assertThat(so.find()).as("the card block names an SO").isTrue();
        assertThat(work.resolve(so.group(1))).as("built by the walkthrough").exists();
        continue;
      }
      if (b.kind().equals("sh aarch64") && !cross) {
        continue;
      }
      assertThat(b.kind()).isIn("sh", "sh aarch64");
      String output = sh(work, bin, b.body());
      executed++;
      if (i + 1 < blocks.size() && blocks.get(i + 1).kind().equals("text")) {
        for (String line : blocks.get(i + 1).body().split("\n")) {
          if (!line.isBlank()) {
            assertThat(output).as("output of%n%s", b.body()).contains(line.strip());
          }
        }
      }
      if (b.body().contains("ctest")) {
        assertThat(output).contains("Passed").contains("simulator");
        if (cross) {
          assertThat(output).contains("inspect_card").doesNotContain("SKIPPED the card");
        } else {
          assertThat(output).doesNotContain("inspect_card");
        }
      }
    }
    assertThat(executed).isGreaterThanOrEqualTo(3);
    assertThat(commands).as("commands in the walkthrough").isLessThan(10);
    // The scaffold's headers are the devkit's, byte for byte: dispatcher-c's public headers.
    Path include =
        Path.of(System.getProperty("aicpu.testdata"))
            .getParent()
            .resolve("dispatcher-c/src/main/c/include");
    for (String h : NewCommand.HEADERS) {
      assertThat(work.resolve("saxpy/include").resolve(h))
          .hasSameBinaryContentAs(include.resolve(h));
    }
    Assumptions.assumeTrue(cross, NO_CROSS_COMPILER);
  }
}
