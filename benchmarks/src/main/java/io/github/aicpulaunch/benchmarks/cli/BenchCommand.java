package io.github.aicpulaunch.benchmarks.cli;

import io.github.aicpulaunch.benchmarks.BenchFiles;
import io.github.aicpulaunch.benchmarks.FreshProcessBootstrapBenchmark;
import io.github.aicpulaunch.benchmarks.SessionSoak;
import io.github.aicpulaunch.benchmarks.report.Measurement;
import io.github.aicpulaunch.benchmarks.report.RatioTable;
import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.NoBenchmarksException;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * {@code bench [--full] [--include REGEX] [--no-soak] [--out FILE]}: runs the benchmarks (short
 * profile by default: one fork, 2 × 300 ms warm-up, 5 × 400 ms measured, GC profiler on), the
 * 1,000-cycle session soak, and prints the machine, the medians and the ratio table. Exit code 0
 * when it ran (targets missed are reported, not failed), 2 on bad arguments, 1 when a benchmark
 * failed.
 */
public final class BenchCommand {
  private static final String PACKAGE = "io\\.github\\.aicpulaunch\\.benchmarks\\.";
  private static final String FRESH_NAME =
      "io.github.aicpulaunch.benchmarks." + FreshProcessBootstrapBenchmark.class.getSimpleName();
  private static final String FRESH = PACKAGE + "FreshProcessBootstrapBenchmark\\.";
  private static final List<String> FRESH_HEAP =
      List.of("-Xms512m", "-Xmx512m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");

  private BenchCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  static int run(String[] args, PrintStream out) {
    boolean full = false;
    boolean soak = true;
    String include = ".*Benchmark\\..*";
    @Nullable Path file = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--full" -> full = true;
        case "--no-soak" -> soak = false;
        case "--include" -> {
          if (++i == args.length) {
            return usage(out, "--include needs a regular expression");
          }
          include = args[i];
        }
        case "--out" -> {
          if (++i == args.length) {
            return usage(out, "--out needs a file");
          }
          file = Path.of(args[i]);
        }
        case "-h", "--help" -> {
          usage(out, null);
          return 0;
        }
        default -> {
          return usage(out, "unknown argument " + args[i]);
        }
      }
    }
    String before = loadAverage();
    ChainedOptionsBuilder options =
        new OptionsBuilder()
            .include(PACKAGE + include)
            .exclude(FRESH)
            .addProfiler(GCProfiler.class)
            .shouldFailOnError(true)
            // A small young generation: it was needed while Fingerprints.ofFile memory-mapped
            // the file and ~65,000 mappings between two GCs exhausted vm.max_map_count
            // (docs/PERFORMANCE.md); the domain now maps nothing, and the setting stays so that
            // runs remain comparable with the recorded one.
            .jvmArgsAppend(
                "-Xms512m", "-Xmx512m", "-Xmn32m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    if (full) {
      options
          .forks(2)
          .warmupIterations(5)
          .warmupTime(TimeValue.seconds(1))
          .measurementIterations(10)
          .measurementTime(TimeValue.seconds(1));
    } else {
      options
          .forks(1)
          .warmupIterations(2)
          .warmupTime(TimeValue.milliseconds(300))
          .measurementIterations(5)
          .measurementTime(TimeValue.milliseconds(400));
    }
    Pattern included = Pattern.compile(PACKAGE + include);
    boolean fresh =
        included.matcher(FRESH_NAME + ".cold").find()
            || included.matcher(FRESH_NAME + ".dd").find();
    List<RunResult> results = new ArrayList<>();
    List<RunResult> plainJvm = new ArrayList<>();
    try {
      try {
        results.addAll(new Runner(options.build()).run());
      } catch (NoBenchmarksException e) {
        if (!fresh) {
          throw e;
        }
      }
      if (fresh) {
        Optional<Path> archive =
            LauncherJvm.archive(FRESH + "cold", "sizeMib", "1", FRESH_HEAP, out);
        results.addAll(new Runner(freshProcess(full, LauncherJvm.options(archive), "")).run());
        plainJvm.addAll(new Runner(freshProcess(full, List.of(), "cold")).run());
      }
    } catch (RunnerException e) {
      out.println("bench: a benchmark failed: " + e.getMessage());
      return 1;
    }
    List<Measurement> measurements = measurements(results);
    for (Measurement m : measurements(plainJvm)) {
      Map<String, String> params = new java.util.TreeMap<>(m.params());
      params.put(RatioTable.JVM_PARAM, RatioTable.PLAIN_JVM);
      measurements.add(
          new Measurement(
              m.benchmark(), params, m.medianMicros(), m.iterations(), m.allocBytesPerOp()));
    }
    SessionSoak.Result soakResult = soak ? SessionSoak.run(1_000, RtsJsonLaunch.NAME) : null;
    String after = loadAverage();

    StringBuilder report = new StringBuilder();
    report.append("## Run\n\n");
    report.append(machine(full ? "full" : "short", before, after)).append('\n');
    report.append("## Medians\n\n").append(medians(measurements)).append('\n');
    report
        .append("## Ratios\n\n")
        .append(RatioTable.render(RatioTable.rows(measurements, soakResult)));
    out.println();
    out.print(report);
    if (file != null) {
      try {
        Files.writeString(file, report, StandardCharsets.UTF_8);
      } catch (IOException e) {
        out.println("bench: cannot write " + file + ": " + e.getMessage());
        return 1;
      }
    }
    return 0;
  }

  /**
   * The options of {@link FreshProcessBootstrapBenchmark}: each fork measures one invocation with
   * no warm-up, so every number is what a new process pays; the profiles' warm-up iterations would
   * measure a warmed process instead. {@code jvm}: the forks' JVM options beyond the heap (the
   * launcher's, or none for the plain JVM); {@code methods}: a regular expression over the methods.
   */
  private static Options freshProcess(boolean full, List<String> jvm, String methods) {
    List<String> args = new ArrayList<>(FRESH_HEAP);
    args.addAll(jvm);
    return new OptionsBuilder()
        .include(FRESH + methods)
        .shouldFailOnError(true)
        .mode(Mode.SingleShotTime)
        .forks(full ? 10 : 3)
        .warmupIterations(0)
        .measurementIterations(1)
        .jvmArgsAppend(args.toArray(String[]::new))
        .build();
  }

  private static int usage(PrintStream out, @Nullable String problem) {
    if (problem != null) {
      out.println("bench: " + problem);
    }
    out.println(
        "usage: bench [--full] [--include REGEX] [--no-soak] [--out FILE]\n"
            + "  --full       2 forks, 5 x 1 s warm-up, 10 x 1 s measured (default: short profile)\n"
            + "  --include    benchmarks to run, a regex over Class.method (default: all)\n"
            + "  --no-soak    skip the 1,000-cycle session open/close soak\n"
            + "  --out FILE   also write the report (Markdown) to FILE");
    return problem == null ? 0 : 2;
  }

  static List<Measurement> measurements(Collection<RunResult> results) {
    List<Measurement> list = new ArrayList<>();
    for (RunResult r : results) {
      BenchmarkParams params = r.getParams();
      String name = params.getBenchmark();
      String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
      Map<String, String> values = new java.util.TreeMap<>();
      for (String key : params.getParamsKeys()) {
        String v = params.getParam(key);
        if (v != null) {
          values.put(key, v);
        }
      }
      List<Double> scores = new ArrayList<>();
      String unit = r.getPrimaryResult().getScoreUnit();
      for (BenchmarkResult b : r.getBenchmarkResults()) {
        for (IterationResult i : b.getIterationResults()) {
          scores.add(Measurement.toMicros(i.getPrimaryResult().getScore(), unit));
        }
      }
      OptionalDouble alloc = OptionalDouble.empty();
      for (Map.Entry<String, Result> e : r.getSecondaryResults().entrySet()) {
        if (e.getKey().endsWith("gc.alloc.rate.norm")) {
          alloc = OptionalDouble.of(e.getValue().getScore());
        }
      }
      list.add(
          new Measurement(shortName, values, Measurement.median(scores), scores.size(), alloc));
    }
    return list;
  }

  private static String medians(List<Measurement> measurements) {
    StringBuilder s = new StringBuilder("| Benchmark | Median | Iterations | Alloc |\n");
    s.append("| --- | ---: | ---: | ---: |\n");
    for (Measurement m : measurements) {
      s.append("| ")
          .append(m.key())
          .append(" | ")
          .append(RatioTable.micros(m))
          .append(" | ")
          .append(m.iterations())
          .append(" | ")
          .append(
              m.allocBytesPerOp().isPresent()
                  ? String.format(Locale.ROOT, "%.1f B/op", m.allocBytesPerOp().getAsDouble())
                  : "")
          .append(" |\n");
    }
    return s.toString();
  }

  private static String machine(String profile, String loadBefore, String loadAfter) {
    return "- profile: "
        + profile
        + "\n- CPU: "
        + cpuModel()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " processors\n- JDK: "
        + System.getProperty("java.vm.name")
        + " "
        + System.getProperty("java.runtime.version")
        + "\n- OS: "
        + System.getProperty("os.name")
        + " "
        + System.getProperty("os.version")
        + "\n- benchmark files under: "
        + BenchFiles.root().getParent()
        + " ("
        + fileStore()
        + ")\n- load average (1, 5, 15 min) before: "
        + loadBefore
        + ", after: "
        + loadAfter
        + "\n";
  }

  private static String cpuModel() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          return line.substring(line.indexOf(':') + 1).strip();
        }
      }
    } catch (IOException e) {
      return "unknown CPU";
    }
    return "unknown CPU";
  }

  private static String fileStore() {
    try {
      return Files.getFileStore(BenchFiles.root()).type();
    } catch (IOException e) {
      return "unknown filesystem";
    }
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + ", " + f[1] + ", " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "unknown";
    }
  }
}
