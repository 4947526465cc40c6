package io.github.aicpulaunch.benchmarks.report;

import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DIRECT_AICPU;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DISPATCH_THROUGH;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.RTS_JSON;

import io.github.aicpulaunch.benchmarks.Services;
import io.github.aicpulaunch.benchmarks.SessionSoak;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.jspecify.annotations.Nullable;

/**
 * Turns the measurements of one run into the table of ratios the targets are stated in. A ratio is
 * always host path / native baseline from the same run, except the FNV row, which is a throughput
 * ratio (C time / Java time, higher is better). Rows whose benchmarks did not run say so.
 */
public final class RatioTable {
  /** Whether a row's target was met in this run. */
  public enum Verdict {
    MET("yes"),
    MISSED("NO"),
    NOT_RUN("not run"),
    /** A number reported for context, with no target of its own. */
    CONTEXT("");

    private final String text;

    Verdict(String text) {
      this.text = text;
    }

    public String text() {
      return text;
    }
  }

  /**
   * One line of the table.
   *
   * @param measure what is measured
   * @param value the host path's median (µs/op), or the measured quantity
   * @param baseline the baseline's median, or "" when the target is absolute
   * @param ratio value / baseline (or the throughput ratio), or ""
   * @param target the target as the issue states it
   * @param verdict whether it was met
   */
  public record Row(
      String measure,
      String value,
      String baseline,
      String ratio,
      String target,
      Verdict verdict) {}

  private static final int[] MIBS = {1, 16, 64};
  private static final int[] BLOCKS = {1, 2, 4, 8, 16, 32, 64};
  private static final int[] FRESH_MIBS = {1, 16, 64, 256};

  /**
   * The parameter {@code bench} adds to the fresh-process bootstrap's measurements taken in a plain
   * JVM ({@value #PLAIN_JVM}); those without it ran with the launcher's JVM options.
   */
  public static final String JVM_PARAM = "jvm";

  public static final String PLAIN_JVM = "plain";

  private final Map<String, Measurement> byKey = new HashMap<>();
  private final List<Row> rows = new ArrayList<>();

  private RatioTable(Collection<Measurement> measurements) {
    for (Measurement m : measurements) {
      byKey.put(m.key(), m);
    }
  }

  /** The rows for {@code measurements}, and the soak's when it ran. */
  public static List<Row> rows(
      Collection<Measurement> measurements, SessionSoak.@Nullable Result soak) {
    RatioTable t = new RatioTable(measurements);
    t.fingerprints();
    t.bootstrap();
    t.cannLaunches();
    t.simLaunches();
    t.session(soak);
    return List.copyOf(t.rows);
  }

  private void fingerprints() {
    for (int mib : MIBS) {
      Optional<Measurement> java = get("FingerprintBenchmark.java", "kind", "fnv", "mib", "" + mib);
      Optional<Measurement> c = get("FingerprintBenchmark.c", "kind", "fnv", "mib", "" + mib);
      if (java.isPresent() && c.isPresent()) {
        double throughput = c.get().medianMicros() / java.get().medianMicros();
        rows.add(
            new Row(
                "FNV-1a fallback, " + mib + " MiB (C time / Java time)",
                micros(java.get()),
                micros(c.get()),
                ratio(throughput),
                ">= 0.95",
                throughput >= 0.95 ? Verdict.MET : Verdict.MISSED));
      } else {
        notRun("FNV-1a fallback, " + mib + " MiB", ">= 0.95");
      }
    }
    Optional<Measurement> first = Optional.empty();
    for (int mib : MIBS) {
      Optional<Measurement> java =
          get("FingerprintBenchmark.java", "kind", "build-id", "mib", "" + mib);
      Optional<Measurement> c = get("FingerprintBenchmark.c", "kind", "build-id", "mib", "" + mib);
      if (first.isEmpty()) {
        first = java;
      }
      java.ifPresentOrElse(
          j ->
              rows.add(
                  new Row(
                      "Build-ID fingerprint, " + mib + " MiB (C for context)",
                      micros(j),
                      c.map(RatioTable::micros).orElse(""),
                      c.map(cm -> ratio(j.medianMicros() / cm.medianMicros())).orElse(""),
                      "<= 10 us",
                      j.medianMicros() <= 10 ? Verdict.MET : Verdict.MISSED)),
          () -> notRun("Build-ID fingerprint, " + mib + " MiB", "<= 10 us"));
    }
    Optional<Measurement> last =
        get("FingerprintBenchmark.java", "kind", "build-id", "mib", "" + MIBS[MIBS.length - 1]);
    growthRow("Build-ID fingerprint flat: 64 MiB / 1 MiB", last, first, 1, "flat", 1.5);
  }

  /**
   * How {@code large} grew over {@code small} times {@code expected} (1: flat; 4: linear over a
   * quadrupled size), against {@code target}; no row unless both ran.
   */
  private void growthRow(
      String measure,
      Optional<Measurement> large,
      Optional<Measurement> small,
      double expected,
      String shape,
      double target) {
    if (large.isPresent() && small.isPresent()) {
      double growth = large.get().medianMicros() / (expected * small.get().medianMicros());
      rows.add(
          new Row(
              measure,
              micros(large.get()),
              micros(small.get()),
              ratio(growth),
              shape + " (<= " + target + ")",
              growth <= target ? Verdict.MET : Verdict.MISSED));
    }
  }

  private void bootstrap() {
    ratioRow(
        "Cold bootstrap 16 MiB on the simulator / C publish floor",
        get("BootstrapBenchmark.cold"),
        get("BootstrapBenchmark.cPublishFloor"),
        1.5);
    for (int mib : FRESH_MIBS) {
      ratioRow(
          "Cold bootstrap in a fresh process and simulator, " + mib + " MiB / dd conv=fsync",
          get("FreshProcessBootstrapBenchmark.cold", "sizeMib", "" + mib),
          get("FreshProcessBootstrapBenchmark.dd", "sizeMib", "" + mib),
          2);
    }
    for (int mib : FRESH_MIBS) {
      Optional<Measurement> plain =
          get("FreshProcessBootstrapBenchmark.cold", "sizeMib", "" + mib, JVM_PARAM, PLAIN_JVM);
      Optional<Measurement> dd = get("FreshProcessBootstrapBenchmark.dd", "sizeMib", "" + mib);
      if (plain.isPresent() && dd.isPresent()) {
        rows.add(
            new Row(
                "The same, " + mib + " MiB, plain JVM (no launcher options; context)",
                micros(plain.get()),
                micros(dd.get()),
                ratio(plain.get().medianMicros() / dd.get().medianMicros()),
                "",
                Verdict.CONTEXT));
      }
    }
    // Linear: the cost per MiB does not grow with the size (256 MiB takes at most 4 x 64 MiB,
    // with a quarter for noise).
    growthRow(
        "Fresh-process cold bootstrap linear: 256 MiB / (4 x 64 MiB)",
        get("FreshProcessBootstrapBenchmark.cold", "sizeMib", "256"),
        get("FreshProcessBootstrapBenchmark.cold", "sizeMib", "64"),
        4,
        "linear",
        1.25);
    warmRow("WarmBootstrapBenchmark.warm", "Warm bootstrap 16 MiB, file unchanged since read");
    warmRow(
        "WarmBootstrapBenchmark.warmUncached",
        "Warm bootstrap 16 MiB, file just rebuilt (no read cache)");
  }

  private void warmRow(String benchmark, String measure) {
    get(benchmark)
        .ifPresentOrElse(
            w ->
                rows.add(
                    new Row(
                        measure + " (0 uploads, checked at teardown)",
                        micros(w),
                        "",
                        "",
                        "<= 10 us, 0 device calls",
                        w.medianMicros() <= 10 ? Verdict.MET : Verdict.MISSED)),
            () -> notRun(measure, "<= 10 us"));
  }

  private void cannLaunches() {
    ratioRow(
        "CANN adapter rtsLaunchCpuKernel / raw JNA direct call",
        get("CannLaunchBenchmark.adapterCpuKernel"),
        get("CannLaunchBenchmark.rawCpuKernel"),
        1.5);
    ratioRow(
        "CANN adapter rtAicpuKernelLaunchExWithArgs / raw JNA direct call",
        get("CannLaunchBenchmark.adapterAicpuKernel"),
        get("CannLaunchBenchmark.rawAicpuKernel"),
        1.5);
    ratioRow(
        "Session + " + RTS_JSON + " over CANN adapter / raw rtsLaunchCpuKernel",
        get("CannSessionLaunchBenchmark.launchAsync", "strategy", RTS_JSON),
        get("CannLaunchBenchmark.rawCpuKernel"),
        3);
    for (String s : List.of(DIRECT_AICPU, DISPATCH_THROUGH)) {
      ratioRow(
          "Session + " + s + " over CANN adapter / raw rtAicpuKernelLaunchExWithArgs",
          get("CannSessionLaunchBenchmark.launchAsync", "strategy", s),
          get("CannLaunchBenchmark.rawAicpuKernel"),
          3);
    }
    allocRow("adapter rtsLaunchCpuKernel", get("CannLaunchBenchmark.adapterCpuKernel"));
    allocRow(
        "adapter rtAicpuKernelLaunchExWithArgs", get("CannLaunchBenchmark.adapterAicpuKernel"));
    for (String s : Services.STRATEGIES) {
      allocRow(
          "session + " + s + " launch",
          get("CannSessionLaunchBenchmark.launchAsync", "strategy", s));
    }
  }

  private void simLaunches() {
    for (String s : Services.STRATEGIES) {
      ratioRow(
          "Simulator round trip, " + s + ", 1 block / bare C two-process pipe ping-pong",
          get("SimLaunchBenchmark.launch", "blocks", "1", "strategy", s),
          get("IpcBaselineBenchmark.pingPong", "blocks", "0"),
          1.5);
    }
    for (String s : Services.STRATEGIES) {
      for (int n : BLOCKS) {
        ratioRow(
            "Simulator launch, "
                + s
                + ", "
                + n
                + " blocks / C ping-pong + "
                + n
                + "-thread fan-out",
            get("SimLaunchBenchmark.launch", "blocks", "" + n, "strategy", s),
            get("IpcBaselineBenchmark.pingPong", "blocks", "" + n),
            1.5);
      }
    }
    for (int n : BLOCKS) {
      get("IpcBaselineBenchmark.fanOut", "blocks", "" + n)
          .ifPresent(
              f ->
                  rows.add(
                      new Row(
                          "C in-process fan-out to " + n + " pool threads (context)",
                          micros(f),
                          "",
                          "",
                          "",
                          Verdict.CONTEXT)));
    }
  }

  private void session(SessionSoak.@Nullable Result soak) {
    get("SessionBenchmark.openClose")
        .ifPresent(
            m ->
                rows.add(
                    new Row(
                        "Session open+close, warm (context)",
                        micros(m),
                        "",
                        "",
                        "",
                        Verdict.CONTEXT)));
    if (soak == null) {
      notRun("1,000 open/close cycles: device back to baseline, RSS growth", "exact, < 1 MiB");
      return;
    }
    rows.add(
        new Row(
            soak.cycles() + " open/close cycles: device memory, allocations, streams, handles",
            String.format(
                Locale.ROOT,
                "%d B, %d allocs, %d streams, %d regs, %d fns",
                soak.memoryAfter() - soak.memoryBefore(),
                soak.allocationsAfter() - soak.allocationsBefore(),
                soak.streamsAfter() - soak.streamsBefore(),
                soak.registrationsAfter() - soak.registrationsBefore(),
                soak.functionHandlesAfter() - soak.functionHandlesBefore()),
            "",
            "",
            "exactly 0",
            soak.deviceBackToBaseline() ? Verdict.MET : Verdict.MISSED));
    long growth = soak.rssGrowthKib();
    rows.add(
        new Row(
            soak.cycles()
                + " open/close cycles: host RSS growth (after "
                + soak.warmupCycles()
                + " warm-up cycles)",
            growth < 0 ? "unavailable" : growth + " KiB",
            "",
            "",
            "< 1024 KiB",
            growth < 0 ? Verdict.NOT_RUN : growth < 1024 ? Verdict.MET : Verdict.MISSED));
  }

  private void ratioRow(
      String measure, Optional<Measurement> host, Optional<Measurement> base, double target) {
    String t = "<= " + target;
    if (host.isEmpty() || base.isEmpty()) {
      notRun(measure, t);
      return;
    }
    double r = host.get().medianMicros() / base.get().medianMicros();
    rows.add(
        new Row(
            measure,
            micros(host.get()),
            micros(base.get()),
            ratio(r),
            t,
            r <= target ? Verdict.MET : Verdict.MISSED));
  }

  private void allocRow(String what, Optional<Measurement> m) {
    String measure = "Allocation per launch, " + what;
    if (m.isEmpty() || m.get().allocBytesPerOp().isEmpty()) {
      notRun(measure, "0 B/op");
      return;
    }
    OptionalDouble bytes = m.get().allocBytesPerOp();
    double b = bytes.getAsDouble();
    // The GC profiler's normalised rate carries a few bytes of noise per op from the harness's
    // own bookkeeping over millions of ops; anything under one byte is zero.
    rows.add(
        new Row(
            measure,
            String.format(Locale.ROOT, "%.2f B/op", b),
            "",
            "",
            "0 B/op",
            b < 1 ? Verdict.MET : Verdict.MISSED));
  }

  private void notRun(String measure, String target) {
    rows.add(new Row(measure, "", "", "", target, Verdict.NOT_RUN));
  }

  private Optional<Measurement> get(String benchmark, String... params) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    return Optional.ofNullable(byKey.get(Measurement.key(benchmark, p)));
  }

  public static String micros(Measurement m) {
    double us = m.medianMicros();
    return us < 10
        ? String.format(Locale.ROOT, "%.3f us", us)
        : String.format(Locale.ROOT, "%.1f us", us);
  }

  public static String ratio(double r) {
    return String.format(Locale.ROOT, "%.2f", r);
  }

  /** The rows as a Markdown table. */
  public static String render(List<Row> rows) {
    StringBuilder out = new StringBuilder();
    out.append("| Measure | Host path (median) | Baseline (median) | Ratio | Target | Met |\n");
    out.append("| --- | ---: | ---: | ---: | --- | --- |\n");
    for (Row r : rows) {
      out.append("| ")
          .append(
              String.join(
                  " | ",
                  r.measure(),
                  r.value(),
                  r.baseline(),
                  r.ratio(),
                  r.target(),
                  r.verdict().text()))
          .append(" |\n");
    }
    return out.toString();
  }
}
