package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.app.TestSos;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code run --wait-for-debugger} in a real CLI process, driven the way a person at a terminal
 * would: read the pid it prints, check that it is the simulated AICPU OS (where {@code gdb -p}
 * attaches), then press Enter.
 */
class WaitForDebuggerTest {
  private static final Pattern PID = Pattern.compile("is pid (\\d+); attach with: gdb -p \\1");

  @TempDir Path tmp;

  private ProcessBuilder cli(Path so, Path out) {
    List<String> cmd =
        Cli.process(
            "run",
            so.toString(),
            "--backend",
            "sim",
            "--wait-for-debugger",
            "--buf",
            "scratch=64",
            "--out",
            "state=" + out + ":16",
            "--declare",
            "simpler_aicpu_init,simpler_aicpu_exec,example_vector_get_init",
            "--entry",
            "example_vector_get_init",
            "--arg",
            "ptr:state");
    return new ProcessBuilder(cmd);
  }

  @Test
  @DisplayName(
      "prints the AICPU OS pid, launches nothing until Enter, then runs to the end and exits 0")
  void waitsForEnter() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    Path state = tmp.resolve("state.bin");
    Process p = cli(so, state).redirectOutput(tmp.resolve("stdout.txt").toFile()).start();
    try {
      BufferedReader err =
          new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
      long pid = -1;
      StringBuilder seen = new StringBuilder();
      String line;
      while ((line = err.readLine()) != null) {
        seen.append(line).append('\n');
        Matcher m = PID.matcher(line);
        if (m.find()) {
          pid = Long.parseLong(m.group(1));
          break;
        }
      }
      assertThat(pid).as("the pid line in:%n%s", seen).isPositive();
      assertThat(err.readLine()).contains("press Enter to launch");
      String cmdline = Files.readString(Path.of("/proc/" + pid + "/cmdline"));
      assertThat(cmdline).as("the process gdb -p attaches to").contains("aicpu_sim_os");
      // Waiting: nothing launched, nothing written, the process still running.
      assertThat(p.waitFor(1, TimeUnit.SECONDS)).isFalse();
      assertThat(state).doesNotExist();
      try (OutputStream in = p.getOutputStream()) {
        in.write('\n');
      }
      assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(p.exitValue()).as("%s", Files.readString(tmp.resolve("stdout.txt"))).isZero();
      assertThat(state).exists();
      assertThat(Files.readString(tmp.resolve("stdout.txt")))
          .contains("launched:    example_vector_get_init");
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  @DisplayName("the end of standard input resumes it too, so a run without a terminal never hangs")
  void endOfInputResumes() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    Path state = tmp.resolve("state.bin");
    Process p =
        cli(so, state)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("out.txt").toFile())
            .start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    String output = Files.readString(tmp.resolve("out.txt"));
    assertThat(p.exitValue()).as(output).isZero();
    assertThat(output).containsPattern(PID.pattern()).contains("result:      ok");
  }
}
