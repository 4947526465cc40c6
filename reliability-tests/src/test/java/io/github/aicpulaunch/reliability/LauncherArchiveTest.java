package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.app.cli.ClassDataTraining;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
  @TempDir Path tmp;

  @Test
  @DisplayName(
      "after the training run, each of its commands (inspect, doctor, run, new, demo, help) in a"
          + " JVM of its own loads no class of the project, picocli, Dagger or javax.inject from the"
          + " jar, links no record method through invokedynamic, initialises no SecureRandom (nor,"
          + " without --json, java.sql or a java.time formatter), in inspect, doctor and run uses no"
          + " ServiceLoader, and loads no annotation proxy and generates no reflection accessor")
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

    // Each training command again, in a JVM of its own: the one a user starts.
    Path work = Files.createDirectory(tmp.resolve("work"));
    List<List<String>> commands = new ArrayList<>();
    for (String[] c : ClassDataTraining.commands(work)) {
      commands.add(List.of(c));
    }
    assertThat(commands).extracting(c -> c.get(0)).contains("run", "doctor");
    for (List<String> command : commands) {
      Path log = tmp.resolve("classes-" + commands.indexOf(command) + ".log");
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
      // A record's generated equals, hashCode or toString is linked through invokedynamic on
      // first use, spinning method-handle classes that no archive holds (10-30 ms a burst).
      assertThat(lines)
          .as("%s: a record method linked through ObjectMethods", command.get(0))
          .noneMatch(l -> l.contains(" java.lang.runtime.ObjectMethods "));
      // Files.createTempFile and createTempDirectory name files with a SecureRandom, whose first
      // use initialises the security providers (about 13 ms): PrivateFiles names them instead.
      assertThat(lines)
          .as("%s: SecureRandom initialised", command.get(0))
          .noneMatch(l -> l.contains(" java.security.SecureRandom "));
      // SLF4J is told its provider (Main), instead of looking for one with a ServiceLoader, and
      // says nothing about it (help output looks up its own services).
      if (List.of("inspect", "doctor", "run").contains(command.get(0))) {
        assertThat(lines)
            .as("%s: a ServiceLoader used", command)
            .noneMatch(l -> l.contains(" java.util.ServiceLoader"));
      }
      assertThat(r.output()).as("%s: output", command).doesNotContain("SLF4J");
      // picocli registers a converter for each java.time and java.sql type it finds, initialising
      // the classes by reflection, unless told not to (Main sets picocli.converters.excludes);
      // --json output comes from a Gson instance, whose type adapters do the same.
      if (!command.contains("--json")) {
        assertThat(lines)
            .as("%s: java.sql or java.time's formatters initialised", command)
            .noneMatch(
                l ->
                    l.contains(" java.sql.") || l.contains(" java.time.format.DateTimeFormatter "));
      }
      // Every command's picocli model is built in code (CommandModel): reading annotations costs
      // a dynamic proxy class per annotation type and reflection accessors, none archivable.
      List<String> reflective =
          lines.stream()
              .filter(
                  l ->
                      l.contains("source: __dynamic_proxy__")
                          || l.contains(" jdk.internal.reflect.Generated"))
              .toList();
      assertThat(reflective)
          .as("%s: annotation proxies and generated reflection accessors", command.get(0))
          .isEmpty();
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
}
