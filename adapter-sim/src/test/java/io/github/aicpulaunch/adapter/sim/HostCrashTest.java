package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * F40: the simulator's processes never outlive the host, also when the host dies without closing
 * anything. The host is a separate JVM ({@link HostCrashMain}) with a kernel in flight.
 */
class HostCrashTest {
  private static final long GONE_WITHIN_MS = 15_000;

  @ParameterizedTest(name = "host {0}")
  @ValueSource(strings = {"halt", "sigkill"})
  @DisplayName(
      "F40: after the host JVM dies abruptly no AICPU OS process and no /dev/shm file remain")
  void noOrphans(String how) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    ProcessBuilder pb =
        new ProcessBuilder(
            java.toString(),
            "-cp",
            System.getProperty("java.class.path"),
            "-Daicpu.sim.testNative=" + System.getProperty("aicpu.sim.testNative"),
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            HostCrashMain.class.getName(),
            how.equals("halt") ? "halt" : "wait");
    pb.redirectError(ProcessBuilder.Redirect.INHERIT);
    Process host = pb.start();
    List<Long> pids = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(host.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.equals("ready")) {
        if (line.startsWith("pid ")) {
          pids.add(Long.parseLong(line.substring(4).strip()));
        }
      }
      assertThat(line).as("the host reported its processes before dying").isEqualTo("ready");
      if (how.equals("sigkill")) {
        host.destroyForcibly();
      }
      assertThat(host.waitFor(30, TimeUnit.SECONDS)).isTrue();
    } finally {
      host.destroyForcibly();
    }
    assertThat(pids)
        .as("the AICPU OS and its custom-scheduler child")
        .hasSizeGreaterThanOrEqualTo(2);
    for (long pid : pids) {
      assertThat(goneWithinBound(pid)).as("process %d is gone", pid).isTrue();
    }
    assertThat(memoryFilesOf(host.pid())).isEmpty();
  }

  /** Polls /proc: a pid is gone when its entry disappears or it is a zombie waiting for reaping. */
  private static boolean goneWithinBound(long pid) throws InterruptedException {
    long deadline = System.nanoTime() + GONE_WITHIN_MS * 1_000_000L;
    while (System.nanoTime() < deadline) {
      if (!alive(pid)) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private static boolean alive(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // state is the field after the parenthesised command name
      char state = stat.substring(stat.lastIndexOf(')') + 2).charAt(0);
      return state != 'Z' && state != 'X';
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Path> memoryFilesOf(long hostPid) throws IOException {
    Path shm = Path.of("/dev/shm");
    List<Path> left = new ArrayList<>();
    if (!Files.isDirectory(shm)) {
      return left;
    }
    try (var files = Files.newDirectoryStream(shm, "aicpu-sim-" + hostPid + "-*")) {
      files.forEach(left::add);
    }
    return left;
  }
}
