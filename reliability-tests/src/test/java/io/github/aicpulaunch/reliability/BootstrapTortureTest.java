package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent bootstrap torture (F3, F3b, F4): several host processes ({@link
 * BootstrapTortureWorker} JVMs, each with its own simulator and AICPU OS) bootstrap the same and
 * different runtime SOs on both dies of one paired chip, whose preinstall directory they share,
 * while a C process dlopens every published file and a thread of this JVM checks every published
 * file's content. Every final file must be whole and right (its fingerprint is its name, its bytes
 * are the SO's), and every launch must succeed.
 *
 * <p>Each round of each worker uses the round's SOs ({@code r<round>_<k>.so}, distinct Build-IDs),
 * and the workers start each round together (a file barrier), so they race to publish files that do
 * not exist yet, and the two dies of each worker race each other.
 */
class BootstrapTortureTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("F3/F4 short: 4 processes x 2 dies x 3 SOs x 2 rounds, no torn file, no failure")
  void shortTorture() throws Exception {
    torture(4, 2, 3);
  }

  @Test
  @Tag("long")
  @DisplayName("F3/F4 long: 8 processes x 2 dies x 3 SOs until 10,000 bootstraps")
  void longTorture() throws Exception {
    int processes = 8;
    int perRound = 3;
    int rounds = (10_000 + processes * 2 * perRound - 1) / (processes * 2 * perRound);
    torture(processes, rounds, perRound);
  }

  @Test
  @DisplayName("the readers catch a truncated file under a final name (they can fail)")
  void readersCatchATornFile() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("aicpu_kernels_device"));
    Path original = RuntimeCopies.packaged(tmp, RuntimeCopies.VECTOR);
    Path whole = RuntimeCopies.variant(original, tmp.resolve("whole.so"), 0x7a7a0000000000a1L, 0);
    Path torn = RuntimeCopies.variant(original, tmp.resolve("torn.so"), 0x7a7a0000000000a2L, 0);
    byte[] tornBytes = Files.readAllBytes(torn);
    Files.copy(whole, shared.resolve("simpler_inner_7a7a0000000000a1_0.so"));
    // The first half: the Build-ID (first page) is there, so the fingerprint still matches.
    Files.write(
        shared.resolve("simpler_inner_7a7a0000000000a2_0.so"),
        Arrays.copyOf(tornBytes, tornBytes.length / 2));
    FileChecker checker =
        new FileChecker(
            shared,
            Map.of("7a7a0000000000a1", Files.readAllBytes(whole), "7a7a0000000000a2", tornBytes));
    assertThat(checker.checkOnce()).isTrue();
    assertThat(checker.whole).isEqualTo(1);
    assertThat(checker.wrongFiles)
        .singleElement(InstanceOfAssertFactories.STRING)
        .startsWith("simpler_inner_7a7a0000000000a2_0.so: fingerprint 7a7a0000000000a2");

    Path stop = Files.createFile(tmp.resolve("stop")); // one pass only
    Process reader = startDlopenReader(shared, stop);
    assertThat(reader.waitFor(1, TimeUnit.MINUTES)).isTrue();
    assertThat(reader.exitValue()).isEqualTo(1);
    List<String> lines = Files.readAllLines(tmp.resolve("reader.log"), StandardCharsets.UTF_8);
    assertThat(lines).last().isEqualTo("checked=2 failed=1");
    assertThat(lines).anyMatch(l -> l.startsWith("FAILED dlopen ") && l.contains("a2_0.so"));
  }

  private void torture(int processes, int rounds, int perRound) throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("aicpu_kernels_device"));
    Path variants = Files.createDirectory(tmp.resolve("variants"));
    Path barrier = Files.createDirectory(tmp.resolve("barrier"));
    Path original = RuntimeCopies.packaged(tmp, RuntimeCopies.VECTOR);
    Map<String, byte[]> expected = new HashMap<>();
    Set<String> expectedNames = new HashSet<>();
    for (int r = 0; r < rounds; r++) {
      for (int k = 0; k < perRound; k++) {
        long fp = 0x7a7a000000000000L | ((long) r << 8) | k;
        Path v =
            RuntimeCopies.variant(original, variants.resolve("r" + r + "_" + k + ".so"), fp, 0);
        String hex = String.format("%016x", fp);
        expected.put(hex, Files.readAllBytes(v));
        expectedNames.add("simpler_inner_" + hex + "_0.so");
        expectedNames.add("simpler_inner_" + hex + "_1.so");
      }
    }
    // The variant rule is checked against readelf once, independently of the domain's reader.
    Path first = variants.resolve("r0_0.so");
    assertThat(RuntimeCopies.readelfFingerprint(first)).isEqualTo("7a7a000000000000");
    assertThat(Fingerprints.ofFile(first).hex()).isEqualTo("7a7a000000000000");

    Path stop = tmp.resolve("stop");
    Process dlopenReader = startDlopenReader(shared, stop);
    FileChecker checker = new FileChecker(shared, expected);
    Thread checkerThread = new Thread(checker, "published-file-checker");
    checkerThread.start();

    long started = System.nanoTime();
    List<Process> workers = new ArrayList<>();
    List<Path> results = new ArrayList<>();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    for (int i = 0; i < processes; i++) {
      Path result = tmp.resolve("worker" + i + ".result");
      results.add(result);
      workers.add(
          new ProcessBuilder(
                  java,
                  "-Xmx256m",
                  "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                  "-cp",
                  System.getProperty("java.class.path"),
                  BootstrapTortureWorker.class.getName(),
                  shared.toString(),
                  variants.toString(),
                  String.valueOf(rounds),
                  String.valueOf(perRound),
                  String.valueOf(1000 + i),
                  result.toString(),
                  barrier.toString(),
                  String.valueOf(processes))
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("worker" + i + ".log").toFile())
              .start());
    }
    int bootstraps = 0;
    int launches = 0;
    int wrote = 0;
    int kept = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      Process p = workers.get(i);
      boolean finished = p.waitFor(Scale.pick(5, 240), TimeUnit.MINUTES);
      if (!finished) {
        p.destroyForcibly();
      }
      assertThat(finished).as("worker %d finished", i).isTrue();
      Map<String, String> values = readResult(results.get(i), tmp.resolve("worker" + i + ".log"));
      bootstraps += Integer.parseInt(values.get("bootstraps"));
      launches += Integer.parseInt(values.get("launches"));
      wrote += Integer.parseInt(values.get("wrote"));
      kept += Integer.parseInt(values.get("kept"));
      values.forEach(
          (k, v) -> {
            if (k.startsWith("failure")) {
              failures.add("worker " + k + ": " + v);
            }
          });
      assertThat(p.exitValue()).as("worker %d exit status", i).isZero();
    }
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    Files.createFile(stop);
    assertThat(dlopenReader.waitFor(2, TimeUnit.MINUTES)).as("dlopen reader stopped").isTrue();
    List<String> readerLines =
        Files.readAllLines(tmp.resolve("reader.log"), StandardCharsets.UTF_8);
    String readerOut =
        readerLines.isEmpty() ? "(no output)" : readerLines.get(readerLines.size() - 1);
    checker.stop.set(true);
    checkerThread.join(TimeUnit.MINUTES.toMillis(2));

    Figures.record(
        "BootstrapTortureTest",
        String.format(
            "%d processes x 2 dies x %d SOs x %d rounds: %d bootstraps (%d wrote, %d kept),"
                + " %d launches in %d ms; %d failures; checker %d whole reads, %d wrong;"
                + " dlopen reader %s",
            processes,
            perRound,
            rounds,
            bootstraps,
            wrote,
            kept,
            launches,
            millis,
            failures.size(),
            checker.whole,
            checker.wrong,
            readerOut));
    int expectedBootstraps = processes * rounds * perRound * 2;
    assertThat(failures).as("failures reported by the workers").isEmpty();
    assertThat(bootstraps).isEqualTo(expectedBootstraps);
    assertThat(launches).isEqualTo(expectedBootstraps);
    assertThat(wrote + kept).as("dispatcher publishes").isEqualTo(expectedBootstraps);
    assertThat(wrote).as("at least one write per file").isGreaterThanOrEqualTo(expected.size() * 2);
    assertThat(checker.wrongFiles).as("torn or wrong files seen while running").isEmpty();
    assertThat(checker.whole).as("files the checker saw whole").isPositive();
    assertThat(dlopenReader.exitValue()).as("dlopen reader: %s", readerLines).isZero();
    assertThat(readerOut).matches("checked=[1-9][0-9]* failed=0");

    // The end state: exactly the expected files, each whole and right, no temporary left.
    List<String> names;
    try (Stream<Path> files = Files.list(shared)) {
      names = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    assertThat(new HashSet<>(names)).isEqualTo(expectedNames);
    assertThat(names).hasSize(expectedNames.size());
    for (String name : names) {
      Path file = shared.resolve(name);
      String fp = RuntimeCopies.fingerprintOfName(name);
      assertThat(Fingerprints.ofFile(file).hex()).as(name).isEqualTo(fp);
      assertThat(Files.readAllBytes(file)).as(name).isEqualTo(expected.get(fp));
    }
  }

  private Process startDlopenReader(Path dir, Path stop) throws Exception {
    Path source = RuntimeCopies.resource(tmp, "published_reader.c");
    Path binary = tmp.resolve("published_reader");
    Process gcc =
        new ProcessBuilder(
                "gcc",
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-O1",
                "-o",
                binary.toString(),
                source.toString(),
                "-ldl")
            .redirectErrorStream(true)
            .start();
    String out = new String(gcc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(gcc.waitFor()).as("gcc: %s", out).isZero();
    return new ProcessBuilder(binary.toString(), dir.toString(), stop.toString())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("reader.log").toFile())
        .start();
  }

  private static Map<String, String> readResult(Path result, Path log) throws IOException {
    assertThat(result).as("result of a worker; its log: %s", readQuietly(log)).exists();
    Map<String, String> values = new HashMap<>();
    int failures = 0;
    for (String line : Files.readAllLines(result, StandardCharsets.UTF_8)) {
      int eq = line.indexOf('=');
      String key = line.substring(0, eq);
      values.put(key.equals("failure") ? "failure" + failures++ : key, line.substring(eq + 1));
    }
    return values;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /**
   * Reads every final file of the directory over and over while the workers run: a reader must only
   * ever see a whole, right file (its fingerprint is its name; its bytes are that SO's).
   */
  private static final class FileChecker implements Runnable {
    final AtomicBoolean stop = new AtomicBoolean();
    final List<String> wrongFiles = new ArrayList<>();
    private final Path dir;
    private final Map<String, byte[]> expected;
    volatile long whole;
    volatile long wrong;

    FileChecker(Path dir, Map<String, byte[]> expected) {
      this.dir = dir;
      this.expected = expected;
    }

    @Override
    public void run() {
      while (!stop.get() && checkOnce()) {
        // until stopped, or the directory cannot be listed
      }
    }

    /** One pass over the directory; false if it cannot be listed. */
    boolean checkOnce() {
      List<Path> files;
      try (Stream<Path> list = Files.list(dir)) {
        files = list.toList();
      } catch (IOException e) {
        record("list: " + e);
        return false;
      }
      for (Path file : files) {
        String name = file.getFileName().toString();
        String fp = RuntimeCopies.fingerprintOfName(name);
        if (fp == null) {
          continue; // a temporary being written: not visible under a final name
        }
        try {
          byte[] bytes = Files.readAllBytes(file);
          String actual = Fingerprints.of(bytes).hex();
          if (actual.equals(fp) && Arrays.equals(bytes, expected.get(fp))) {
            whole++;
          } else {
            record(name + ": fingerprint " + actual + ", " + bytes.length + " bytes");
          }
        } catch (NoSuchFileException e) {
          record(name + " disappeared after it was published");
        } catch (IOException e) {
          record(name + ": " + e);
        }
      }
      return true;
    }

    private synchronized void record(String what) {
      wrong++;
      if (wrongFiles.size() < 20) {
        wrongFiles.add(what);
      }
    }
  }
}
