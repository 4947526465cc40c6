package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18: the runnable jar and the launcher's class-data archive. The archive the {@code
 * aicpu-launch} script writes (a training run of {@code ClassDataTraining} under {@code
 * -XX:ArchiveClassesAtExit}) must hold every class of the project and of the libraries it bundles
 * that {@code inspect}, {@code doctor} and {@code run} load, so that none of them is read, parsed
 * and verified from the jar at start-up. Runs the built jar as the script does, with {@code
 * -Xlog:class+load}, and reads where each class came from.
 */
class LauncherArchiveTest {
  private static final String VECTOR = "linux-x86-64/libexample_vector_runtime.so";
  private static final int FLOATS = 256;

  @TempDir Path tmp;

  @Test
  @DisplayName(
      "after the training run, inspect, doctor and run load no class of the project, picocli,"
          + " Dagger or javax.inject from the jar")
  void commonCommandsComeFromTheArchive() throws Exception {
    Path jar =
        Path.of(System.getProperty("aicpu.testdata"))
            .getParent()
            .resolve("cli/target/aicpu-launch.jar");
    assertThat(jar).as("the runnable jar (build the cli module first)").isRegularFile();
    Path javaTmp = Files.createDirectory(tmp.resolve("java-tmp"));
    Path archive = tmp.resolve("cli.jsa");

    Result training =
        java(
            javaTmp,
            List.of(
                "-XX:ArchiveClassesAtExit=" + archive,
                "-cp",
                jar.toString(),
                "io.github.aicpulaunch.app.cli.ClassDataTraining"));
    assertThat(training.exit()).as("training: %s", training.output()).isZero();
    assertThat(archive).isNotEmptyFile();

    Path so = extract(jar, VECTOR, tmp.resolve("vec.so"));
    writeFloats(tmp.resolve("a.bin"), 1.0f, 0.0f);
    writeFloats(tmp.resolve("b.bin"), 0.5f, 2.0f);
    writeFloats(tmp.resolve("e.bin"), 1.5f, 2.0f);
    List<List<String>> commands =
        List.of(
            List.of("inspect", so.toString()),
            List.of("doctor", "--backend", "sim"),
            List.of(
                "run",
                so.toString(),
                "--backend",
                "sim",
                "--in",
                "a=" + tmp.resolve("a.bin"),
                "--in",
                "b=" + tmp.resolve("b.bin"),
                "--out",
                "out=" + tmp.resolve("out.bin"),
                "--expect",
                "out=" + tmp.resolve("e.bin"),
                "--entry",
                "simpler_aicpu_exec",
                "--blocks",
                "2",
                "--arg",
                "ptr:a",
                "--arg",
                "ptr:b",
                "--arg",
                "ptr:out",
                "--arg",
                "u64:" + FLOATS,
                "--arg",
                "blocks"));
    for (List<String> command : commands) {
      Path log = tmp.resolve(command.get(0) + "-classes.log");
      List<String> args = new ArrayList<>();
      args.add("-XX:SharedArchiveFile=" + archive);
      args.add("-Xlog:class+load:file=" + log);
      args.addAll(List.of("-jar", jar.toString()));
      args.addAll(command);
      Result r = java(javaTmp, args);
      assertThat(r.exit()).as("%s: %s", command, r.output()).isZero();
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
      assertThat(lines)
          .as(command.get(0))
          .anyMatch(l -> l.contains(" picocli.CommandLine source: shared objects file"));
      List<String> fromJar = new ArrayList<>();
      for (String l : lines) {
        if (l.contains("source: file:") && l.contains("aicpu-launch.jar")) {
          fromJar.add(l.substring(l.indexOf(']') + 1).strip());
        }
      }
      assertThat(fromJar)
          .as("%s: classes read from the jar instead of the archive", command.get(0))
          .noneMatch(
              c ->
                  c.startsWith("io.github.aicpulaunch.")
                      || c.startsWith("picocli.")
                      || c.startsWith("dagger.")
                      || c.startsWith("javax.inject."));
    }
  }

  private record Result(int exit, String output) {}

  /** Runs the JVM with the launcher's options, read off the {@code aicpu-launch} script. */
  private static Result java(Path javaTmp, List<String> args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Djava.io.tmpdir=" + javaTmp);
    cmd.addAll(wrapperOptions());
    cmd.addAll(args);
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    byte[] output = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished: %s", cmd).isTrue();
    return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** The JVM options of the wrapper's {@code opts=(...)} line. */
  private static List<String> wrapperOptions() throws IOException {
    Path wrapper =
        Path.of(System.getProperty("aicpu.testdata")).getParent().resolve("aicpu-launch");
    String line =
        Files.readAllLines(wrapper).stream()
            .filter(l -> l.startsWith("opts=("))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no opts=(...) line in " + wrapper));
    return List.of(line.substring("opts=(".length(), line.lastIndexOf(')')).split("\\s+"));
  }

  private static Path extract(Path jar, String entry, Path to) throws IOException {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry e = zip.getEntry(entry);
      assertThat(e).as(entry).isNotNull();
      try (InputStream in = zip.getInputStream(e)) {
        Files.copy(in, to);
      }
    }
    return to;
  }

  private static void writeFloats(Path file, float start, float step) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < FLOATS; i++) {
      b.putFloat(start + i * step);
    }
    Files.write(file, b.array());
  }
}
