package io.github.aicpulaunch.benchmarks.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * The JVM a new CLI process runs in: the options of the shipped wrapper ({@code aicpu-launch}) and
 * a class-data archive (AppCDS) of the benchmark jar, trained once, as the wrapper trains one for
 * the CLI jar. The fresh-process bootstrap's target row runs its forks in this JVM, since that is
 * what a new process started by the wrapper pays; a row with the plain JVM is reported beside it.
 */
final class LauncherJvm {
  /**
   * The wrapper's JVM options, in its order ({@code opts=(...)} in {@code aicpu-launch}): the C1
   * compiler only, the serial collector, no perf-data file, class-data sharing when an archive is
   * usable, the JVM's own messages off except warnings, CDS's silenced (an archive it cannot use is
   * ignored). {@code LauncherJvmTest} checks the wrapper still says so.
   */
  static final List<String> OPTIONS =
      List.of(
          "-XX:TieredStopAtLevel=1",
          "-XX:+UseSerialGC",
          "-XX:-UsePerfData",
          "-Xshare:auto",
          "-Xlog:disable",
          "-Xlog:all=warning,cds*=off:stderr");

  private LauncherJvm() {}

  /**
   * The archive for the jar this class runs from and the running JVM, trained when it is missing or
   * older than the jar by one fork that runs {@code benchmark} once with {@code param} at {@code
   * value} in the launcher's JVM with {@code -XX:ArchiveClassesAtExit} (and {@code jvmArgs}); empty
   * when this class does not run from a jar (a dynamic archive needs one) or no archive could be
   * written, which {@code out} is told.
   */
  static Optional<Path> archive(
      String benchmark, String param, String value, List<String> jvmArgs, PrintStream out) {
    Optional<Path> jar = jar();
    if (jar.isEmpty()) {
      out.println("bench: not run from a jar; the launcher's JVM runs without a class archive");
      return Optional.empty();
    }
    Path archive = archiveFor(jar.get());
    try {
      if (Files.isRegularFile(archive)
          && Files.getLastModifiedTime(archive).compareTo(Files.getLastModifiedTime(jar.get()))
              >= 0) {
        return usable(archive, jar.get(), out);
      }
      Path tmp =
          archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid());
      Files.deleteIfExists(tmp);
      out.println("bench: training the class-data archive " + archive.getFileName() + " ...");
      try {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-XX:ArchiveClassesAtExit=" + tmp);
        new Runner(training(benchmark, param, value, args)).run();
      } catch (RunnerException e) {
        out.println("bench: the archive's training run failed: " + e.getMessage());
      }
      if (Files.isRegularFile(tmp) && Files.size(tmp) > 0) {
        Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
        return usable(archive, jar.get(), out);
      }
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      out.println("bench: cannot write " + archive + ": " + e.getMessage());
      return Optional.empty();
    }
    out.println("bench: no class-data archive was written; the launcher's JVM runs without one");
    return Optional.empty();
  }

  /**
   * {@code archive} if this JVM maps it for {@code jar}'s class path: {@code -Xshare:auto} (the
   * wrapper's) would ignore an unusable one without a word, and the row would silently run without
   * it; {@code -Xshare:on} refuses to start instead.
   */
  private static Optional<Path> usable(Path archive, Path jar, PrintStream out) {
    Path javaBin = Path.of(System.getProperty("java.home", ""), "bin", "java");
    try {
      Process p =
          new ProcessBuilder(
                  javaBin.toString(),
                  "-Xshare:on",
                  "-XX:SharedArchiveFile=" + archive,
                  "-cp",
                  jar.toString(),
                  "-version")
              .redirectErrorStream(true)
              .start();
      byte[] output = p.getInputStream().readAllBytes();
      if (p.waitFor() == 0) {
        return Optional.of(archive);
      }
      out.println(
          "bench: this JVM cannot use "
              + archive
              + "; the launcher's JVM runs without it: "
              + new String(output, StandardCharsets.UTF_8).strip());
    } catch (IOException e) {
      out.println("bench: cannot check " + archive + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Optional.empty();
  }

  /** {@link #OPTIONS} with the archive, when there is one, as the wrapper passes them. */
  static List<String> options(Optional<Path> archive) {
    List<String> all = new ArrayList<>(OPTIONS);
    archive.ifPresent(a -> all.add("-XX:SharedArchiveFile=" + a));
    return all;
  }

  /** One fork, one invocation, in the launcher's JVM without an archive. */
  private static Options training(
      String benchmark, String param, String value, List<String> jvmArgs) {
    List<String> args = new ArrayList<>(jvmArgs);
    args.addAll(OPTIONS);
    return new OptionsBuilder()
        .include(benchmark)
        .param(param, value)
        .shouldFailOnError(true)
        .mode(Mode.SingleShotTime)
        .forks(1)
        .warmupIterations(0)
        .measurementIterations(1)
        .jvmArgsAppend(args.toArray(String[]::new))
        .build();
  }

  /**
   * Named after the JVM's real path and its build, as the wrapper names its own, next to the jar: a
   * JVM upgraded in place cannot use an archive another build wrote, so it trains its own.
   */
  static Path archiveFor(Path jar) {
    String javaHome = System.getProperty("java.home", "java");
    String name = javaHome.replaceFirst("^/", "").replace('/', '_');
    String build = System.getProperty("java.runtime.version", "");
    if (!build.isEmpty()) {
      name += "-" + build.replaceAll("[^A-Za-z0-9._+-]", "_");
    }
    String jarName = jar.getFileName().toString().replaceFirst("\\.jar$", "");
    return jar.resolveSibling(jarName + "-" + name + ".jsa");
  }

  private static Optional<Path> jar() {
    CodeSource source = LauncherJvm.class.getProtectionDomain().getCodeSource();
    if (source == null) {
      return Optional.empty();
    }
    try {
      Path p = Path.of(source.getLocation().toURI());
      return Files.isRegularFile(p) && p.toString().endsWith(".jar")
          ? Optional.of(p)
          : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
