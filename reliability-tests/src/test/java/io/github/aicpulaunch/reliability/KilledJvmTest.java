package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: a JVM killed with SIGKILL runs no shutdown hook. Its AICPU OS notices the host is gone
 * and takes its process group and device memory with it; the JVM's temporary directories ({@code
 * aicpu-sim-<pid>-}, {@code aicpu-sim-native-<pid>-}, {@code aicpu-launch-<pid>-}) stay until the
 * next run on the machine sweeps those of dead owners. Both JVMs get a private {@code
 * java.io.tmpdir}, so other tests and processes on the machine cannot disturb the counts.
 */
class KilledJvmTest {
  @TempDir Path tmp;

  @Test
  @DisplayName(
      "F15: kill -9 of a JVM mid-session leaves only its temporary directories; the next run sweeps"
          + " them, and nothing of either JVM is left")
  void killedJvmThenSweep() throws Exception {
    Path so = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));

    Process held = child(javaTmp, "hold", so);
    long os;
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(held.getInputStream(), StandardCharsets.UTF_8))) {
      String line = r.readLine();
      assertThat(line).as("the child's first line").startsWith("ready ");
      os = Long.parseLong(line.substring("ready ".length()).strip());
    }
    long pid = held.pid();
    assertThat(Residue.owned(javaTmp, pid))
        .as("the child's temporary directories while it runs")
        .anyMatch(n -> n.startsWith("aicpu-sim-" + pid + "-"))
        .anyMatch(n -> n.startsWith("aicpu-sim-native-" + pid + "-"))
        .anyMatch(n -> n.startsWith("aicpu-launch-" + pid + "-"));
    assertThat(Residue.owned(Path.of("/dev/shm"), pid)).as("its device memory").hasSize(1);

    held.destroyForcibly(); // SIGKILL
    assertThat(held.waitFor(30, TimeUnit.SECONDS)).isTrue();
    int osGroup = Residue.settled(0, () -> Residue.groupMembers(Set.of(os)));
    Set<String> shm = Residue.settled(Set.of(), () -> Residue.owned(Path.of("/dev/shm"), pid));
    Set<String> left = Residue.owned(javaTmp, pid);
    assertThat(osGroup).as("processes of the AICPU OS's group after the kill").isZero();
    assertThat(shm).as("device memory after the kill (its AICPU OS deletes it)").isEmpty();
    assertThat(left).as("what the killed JVM left in its temporary directory").hasSize(3);

    Process clean = child(javaTmp, "clean", so);
    String output = new String(clean.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(clean.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(clean.exitValue()).as(output).isZero();
    List<String> after = new ArrayList<>();
    try (var entries = Files.list(javaTmp)) {
      entries.map(p -> p.getFileName().toString()).forEach(after::add);
    }
    Figures.record(
        "KilledJvmTest.killedJvmThenSweep",
        "left by the killed JVM: "
            + left.size()
            + " directories, "
            + shm.size()
            + " segments, "
            + osGroup
            + " processes; after the next run: "
            + after.size()
            + " entries in java.io.tmpdir");
    assertThat(after).as("java.io.tmpdir after the next run, which exited normally").isEmpty();
  }

  private static Process child(Path javaTmp, String mode, Path so) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(
            java,
            "-Xmx256m",
            "-Djava.io.tmpdir=" + javaTmp,
            "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
            "-cp",
            System.getProperty("java.class.path"),
            HygieneChild.class.getName(),
            mode,
            so.toString())
        .redirectErrorStream(true)
        .start();
  }
}
