package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.app.TestSos;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Processes sharing a preinstall directory, each a run of the CLI. */
class ConcurrentProcessesTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("4 CLI processes on chips sharing one preinstall directory all succeed")
  void fourProcessesShareAPreinstallDirectory() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    String fp = TestSos.fingerprint(so);
    Path shared = Files.createDirectory(tmp.resolve("aicpu_kernels_device"));
    // InitArgs (PROTOCOL §2.4): device 0, log level 25, default scheduler timeout, no workspaces.
    byte[] init = new byte[32];
    init[4] = 25;
    Path payload = Files.write(tmp.resolve("init.bin"), init);
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      processes.add(
          new ProcessBuilder(
                  Cli.process(
                      "run",
                      so.toString(),
                      "--entry",
                      "simpler_aicpu_init",
                      "--payload",
                      payload.toString(),
                      "--blocks",
                      "2",
                      "--backend",
                      "sim",
                      "--sim-preinstall-dir",
                      shared.toString(),
                      "--json"))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("out" + i + ".txt").toFile())
              .start());
    }
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("process %d finished", i).isTrue();
      String output = Files.readString(tmp.resolve("out" + i + ".txt"), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("process %d: %s", i, output).isZero();
      assertThat(output).contains("\"result\":\"ok\"").contains("simpler_inner_" + fp + "_0.so");
    }
    List<String> names;
    try (Stream<Path> files = Files.list(shared)) {
      names = files.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(names)
        .as("one whole file, no temporary left")
        .containsExactly("simpler_inner_" + fp + "_0.so");
    assertThat(Files.readAllBytes(shared.resolve(names.get(0)))).isEqualTo(Files.readAllBytes(so));
  }
}
