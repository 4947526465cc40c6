package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.app.cli.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 17: Ctrl-C (SIGINT) or SIGTERM while {@code run} launches a kernel that never returns. The
 * CLI is a real child JVM with a private {@code java.io.tmpdir}; the signal arrives once the rts
 * JSON descriptor is written (the session is open) and the exec launch has had time to start. The
 * CLI must exit 128 + the signal's number with one line naming what was interrupted, and leave no
 * descriptor directory, no temporary directory, no device memory and no process of its simulator.
 */
class InterruptedCliTest {
  @TempDir Path tmp;

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"INT, 130", "TERM, 143"})
  @DisplayName("F15: a signal mid-launch exits 128+N, says what it interrupted, leaves nothing")
  void signalMidLaunch(String signal, int exit) throws Exception {
    Path hang = DeviceSos.copy(tmp, DeviceSos.HANG);
    Path payload = Files.write(tmp.resolve("payload.bin"), new byte[32]);
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    Path err = tmp.resolve("stderr.txt");
    Process cli =
        cli(
            javaTmp,
            err,
            "run",
            hang.toString(),
            "--entry",
            "simpler_aicpu_exec",
            "--payload",
            payload.toString(),
            "--launch",
            "rts-json",
            "--backend",
            "sim");
    long pid = cli.pid();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!descriptorWritten(javaTmp, pid) && cli.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(descriptorWritten(javaTmp, pid)).as("the session's descriptor").isTrue();
    Thread.sleep(1500); // into the exec launch, which never returns
    Interrupted r = interrupt(cli, signal, err, javaTmp);
    List<String> lines = r.lines();
    int left = r.left();
    List<String> files = r.files();
    Set<String> shm = Residue.owned(Path.of("/dev/shm"), pid);
    Figures.record(
        "InterruptedCliTest.signalMidLaunch SIG" + signal,
        "exit "
            + cli.exitValue()
            + "; "
            + lines
            + "; left: "
            + files.size()
            + " temporary entries, "
            + shm.size()
            + " segments, "
            + left
            + " processes");
    assertThat(cli.exitValue()).as("%s", lines).isEqualTo(exit);
    assertThat(lines)
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("aicpu-launch run: interrupted during the launch of")
                    .contains("simpler_aicpu_exec (1 of 1) on device 0")
                    .endsWith("the session and the backend were closed."));
    assertThat(files).as("java.io.tmpdir of the interrupted CLI").isEmpty();
    assertThat(shm).as("its device memory").isEmpty();
    assertThat(left).as("processes of its simulator").isZero();
  }

  @ParameterizedTest(name = "SIG{0}")
  @CsvSource({"INT, 130", "TERM, 143"})
  @DisplayName(
      "F15: a signal during demo exits 128+N, names the run it interrupted, leaves nothing; a"
          + " killed demo's folder is swept at the next start")
  void signalDuringDemo(String signal, int exit) throws Exception {
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    // What a demo killed with SIGKILL leaves: its folder, named after a pid that is not running.
    Path killed = Files.createDirectory(javaTmp.resolve("aicpu-demo-999999999-1"));
    Files.write(killed.resolve("libexample_vector_runtime.so"), new byte[16]);
    Path err = tmp.resolve("stderr.txt");
    Process cli = cli(javaTmp, err, "demo", "--count", "1048576");
    long pid = cli.pid();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!demoFolder(javaTmp, pid) && cli.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(demoFolder(javaTmp, pid)).as("the demo's own folder").isTrue();
    assertThat(killed).as("the dead demo's folder, swept at the start").doesNotExist();
    Thread.sleep(200); // into the launches: each of the dozen moves 12 MiB through device memory
    Interrupted r = interrupt(cli, signal, err, javaTmp);
    Figures.record(
        "InterruptedCliTest.signalDuringDemo SIG" + signal,
        String.format(
            "exit %d; %s; left: %d temporary entries, %d processes",
            cli.exitValue(), r.lines(), r.files().size(), r.left()));
    assertThat(cli.exitValue()).as("%s", r.lines()).isEqualTo(exit);
    assertThat(r.lines())
        .singleElement()
        .satisfies(
            l ->
                assertThat(l)
                    .startsWith("aicpu-launch demo: interrupted during the ")
                    .endsWith(" closed."));
    assertThat(r.files()).as("java.io.tmpdir of the interrupted demo").isEmpty();
    assertThat(r.left()).as("processes of its simulators").isZero();
  }

  /**
   * What a signalled CLI left: its lines on stderr, processes of its simulators, tmpdir entries.
   */
  private record Interrupted(List<String> lines, int left, List<String> files) {}

  /**
   * Sends SIG{@code signal} to the CLI once its simulator's AICPU OS runs, waits for its exit, and
   * reads what it left.
   */
  private static Interrupted interrupt(Process cli, String signal, Path err, Path javaTmp)
      throws Exception {
    Set<Long> groups = Set.copyOf(cli.descendants().map(ProcessHandle::pid).toList());
    assertThat(groups).as("the simulator's AICPU OS").isNotEmpty();
    Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(cli.pid())).start();
    assertThat(kill.waitFor()).isZero();
    assertThat(cli.waitFor(60, TimeUnit.SECONDS)).as("exited after SIG" + signal).isTrue();
    List<String> lines =
        Files.readAllLines(err, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    int left = Residue.settled(0, () -> Residue.groupMembers(groups));
    try (Stream<Path> entries = Files.list(javaTmp)) {
      return new Interrupted(lines, left, entries.map(p -> p.getFileName().toString()).toList());
    }
  }

  private static boolean demoFolder(Path javaTmp, long pid) throws IOException {
    try (Stream<Path> entries = Files.list(javaTmp)) {
      return entries.anyMatch(
          p -> p.getFileName().toString().startsWith("aicpu-demo-" + pid + "-"));
    }
  }

  /**
   * The CLI as a child JVM with {@code javaTmp} as its {@code java.io.tmpdir}, standard error to
   * {@code err}. {@code env} resets SIGINT and SIGTERM to their defaults, should this JVM have been
   * started with them ignored (a JVM leaves an ignored SIGINT ignored).
   */
  static Process cli(Path javaTmp, Path err, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.addAll(
        List.of(
            "env",
            "--default-signal=INT,TERM",
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djava.io.tmpdir=" + javaTmp,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectError(err.toFile())
        .redirectOutput(err.resolveSibling(err.getFileName() + ".out").toFile())
        .start();
  }

  private static boolean descriptorWritten(Path javaTmp, long pid) throws Exception {
    try (Stream<Path> dirs = Files.list(javaTmp)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        if (d.getFileName().toString().startsWith("aicpu-launch-" + pid + "-")) {
          try (Stream<Path> files = Files.list(d)) {
            if (files.anyMatch(f -> f.toString().endsWith(".json"))) {
              return true;
            }
          }
        }
      }
    }
    return false;
  }
}
