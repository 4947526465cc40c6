package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, a kernel that forks: its child keeps every descriptor of the AICPU OS, the pipes to the
 * host included. The chip's death must still be seen at once when a later kernel crashes, the child
 * must die with the chip, and nothing may be left once the simulator closes: no process of the
 * chip's group, no shared-memory segment or temporary directory of this JVM, no simulator thread
 * beyond the baseline. The op-execute timeout is 30 s, so a crash seen only by the watchdog would
 * report the watchdog's cause instead of the signal.
 */
class ForkingKernelTest {
  @TempDir Path tmp;

  @Test
  @DisplayName(
      "F17: after a forking kernel, a crashing kernel fails at once with its signal; the forked"
          + " child dies with the chip; close leaves no process, segment, directory or thread")
  void forkThenCrash() throws Exception {
    Path fork = DeviceSos.copy(tmp, DeviceSos.FORK);
    Path crash = DeviceSos.copy(tmp, DeviceSos.CRASH);
    Path vector = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    long self = ProcessHandle.current().pid();
    Path javaTmp = Path.of(System.getProperty("java.io.tmpdir"));
    Set<Long> groups = new HashSet<>();
    SimConfig config = SimConfig.builder().chips(1).build();
    try (AicpuLaunch warmUp = AicpuLaunch.simulator(config)) {
      groups.add(warmUp.simInspector().orElseThrow().aicpuOsPid(0));
    }
    Residue baseline = Residue.stable(() -> Residue.of(groups, self, javaTmp));

    int forkedAndCrashed = 0;
    long crashMillis = -1;
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(config)) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      long os = inspector.aicpuOsPid(0);
      groups.add(os);
      try (Session s = aicpu.open(DeviceSos.open(0, fork, "direct-aicpu", DeviceSos.GENEROUS))) {
        s.launch(DeviceSos.exec(1));
      }
      assertThat(Residue.groupMembers(Set.of(os)))
          .as("the AICPU OS and the child its kernel forked, in the OS's process group")
          .isEqualTo(2);

      Session crashing = aicpu.open(DeviceSos.open(0, crash, "direct-aicpu", DeviceSos.GENEROUS));
      long start = System.nanoTime();
      Throwable t = catchThrowable(() -> crashing.launch(DeviceSos.exec(1)));
      crashMillis = (System.nanoTime() - start) / 1_000_000;
      assertThat(t)
          .isInstanceOfSatisfying(
              CannCallException.DeviceFailure.class,
              e -> {
                assertThat(e.code()).isEqualTo(CannError.AICPU_EXCEPTION.code());
                assertThat(e.hint())
                    .contains("signal 11 (SIGSEGV")
                    .contains("in simpler_aicpu_exec of ");
                assertThat(e.recentErrorMessage())
                    .hasValueSatisfying(
                        m -> assertThat(m).contains("signal 11").doesNotContain("watchdog"));
              });
      crashing.close();
      forkedAndCrashed = Residue.settled(0, () -> Residue.groupMembers(Set.of(os)));
      assertThat(forkedAndCrashed).as("processes of the crashed chip's group").isZero();
      assertThat(Residue.settled(baseline.simThreads() + 1, Residue::liveSimThreads))
          .as("simulator threads of the crashed chip: only the watchdog's is left")
          .isEqualTo(baseline.simThreads() + 1);

      aicpu.recover(0);
      groups.add(inspector.aicpuOsPid(0));
      try (Session s = aicpu.open(DeviceSos.open(0, vector, "direct-aicpu", DeviceSos.GENEROUS))) {
        DeviceSos.addAndVerify(s, 64, 2, 1.5f);
      }
    }
    Residue after = Residue.settled(baseline, () -> Residue.of(groups, self, javaTmp));
    Figures.record(
        "ForkingKernelTest.forkThenCrash",
        "crash seen after "
            + crashMillis
            + " ms (op-execute timeout 30 s); left in the crashed chip's group "
            + forkedAndCrashed
            + "; baseline "
            + baseline
            + "; after close "
            + after);
    assertThat(after).isEqualTo(baseline);
  }

  @Test
  @DisplayName(
      "F17 through the CLI: run of a forking kernel exits 0 and leaves no process of its"
          + " simulator (the forked child included) and nothing in its temporary directory")
  void cliRunOfAForkingKernel() throws Exception {
    Path fork = DeviceSos.copy(tmp, DeviceSos.FORK);
    Path payload = Files.write(tmp.resolve("payload.bin"), new byte[32]);
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    Path err = tmp.resolve("stderr.txt");
    Process cli =
        InterruptedCliTest.cli(
            javaTmp,
            err,
            "run",
            fork.toString(),
            "--entry",
            "simpler_aicpu_exec",
            "--payload",
            payload.toString(),
            "--backend",
            "sim");
    assertThat(cli.waitFor(120, TimeUnit.SECONDS)).as("the CLI exited").isTrue();
    assertThat(cli.exitValue()).as(Files.readString(err)).isZero();
    // Every process of its simulator ran the AICPU OS extracted under javaTmp.
    long left = Residue.settled(0L, () -> runningFrom(javaTmp));
    List<String> files;
    try (Stream<Path> entries = Files.list(javaTmp)) {
      files = entries.map(p -> p.getFileName().toString()).toList();
    }
    Figures.record(
        "ForkingKernelTest.cliRunOfAForkingKernel",
        "exit " + cli.exitValue() + "; processes left " + left + "; temporary entries " + files);
    assertThat(left).as("processes running the CLI's AICPU OS, forked children included").isZero();
    assertThat(files).as("the CLI's java.io.tmpdir").isEmpty();
  }

  /** Live processes whose command line names a file under {@code dir}. */
  private static long runningFrom(Path dir) throws IOException {
    String needle = dir.toString();
    long n = 0;
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        if (p.getFileName().toString().matches("\\d+")) {
          try {
            String cmdline =
                new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
            if (cmdline.contains(needle)) {
              n++;
            }
          } catch (IOException e) {
            // exited meanwhile
          }
        }
      }
    }
    return n;
  }
}
