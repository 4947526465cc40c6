package io.github.aicpulaunch.benchmarks.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.benchmarks.SessionSoak;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RatioTableTest {
  private static Measurement m(String benchmark, double micros, String... params) {
    return alloc(benchmark, micros, OptionalDouble.empty(), params);
  }

  private static Measurement alloc(
      String benchmark, double micros, OptionalDouble bytes, String... params) {
    Map<String, String> p = new HashMap<>();
    for (int i = 0; i + 1 < params.length; i += 2) {
      p.put(params[i], params[i + 1]);
    }
    return new Measurement(benchmark, p, micros, 5, bytes);
  }

  private static RatioTable.Row row(List<RatioTable.Row> rows, String prefix) {
    return rows.stream().filter(r -> r.measure().startsWith(prefix)).findFirst().orElseThrow();
  }

  @Test
  @DisplayName("ratios are host / baseline from the same run; FNV is C time / Java time")
  void ratiosAndVerdicts() {
    List<RatioTable.Row> rows =
        RatioTable.rows(
            List.of(
                m("FingerprintBenchmark.java", 100, "kind", "fnv", "mib", "16"),
                m("FingerprintBenchmark.c", 96, "kind", "fnv", "mib", "16"),
                m("FingerprintBenchmark.java", 200, "kind", "fnv", "mib", "64"),
                m("FingerprintBenchmark.c", 180, "kind", "fnv", "mib", "64"),
                m("BootstrapBenchmark.cold", 150),
                m("BootstrapBenchmark.cPublishFloor", 100),
                m("WarmBootstrapBenchmark.warm", 2.5),
                m("WarmBootstrapBenchmark.warmUncached", 12),
                alloc("CannLaunchBenchmark.adapterCpuKernel", 0.2, OptionalDouble.of(0.4)),
                m("CannLaunchBenchmark.rawCpuKernel", 0.1),
                alloc(
                    "CannSessionLaunchBenchmark.launchAsync",
                    0.25,
                    OptionalDouble.of(24),
                    "strategy",
                    "rts-json")),
            null);

    assertThat(row(rows, "FNV-1a fallback, 16 MiB").ratio()).isEqualTo("0.96");
    assertThat(row(rows, "FNV-1a fallback, 16 MiB").verdict()).isEqualTo(RatioTable.Verdict.MET);
    assertThat(row(rows, "FNV-1a fallback, 64 MiB").ratio()).isEqualTo("0.90");
    assertThat(row(rows, "FNV-1a fallback, 64 MiB").verdict()).isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "FNV-1a fallback, 1 MiB").verdict()).isEqualTo(RatioTable.Verdict.NOT_RUN);
    assertThat(row(rows, "Cold bootstrap").ratio()).isEqualTo("1.50");
    assertThat(row(rows, "Cold bootstrap").verdict()).isEqualTo(RatioTable.Verdict.MET);
    assertThat(row(rows, "Warm bootstrap 16 MiB, file unchanged").verdict())
        .isEqualTo(RatioTable.Verdict.MET);
    assertThat(row(rows, "Warm bootstrap 16 MiB, file just rebuilt").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "CANN adapter rtsLaunchCpuKernel").ratio()).isEqualTo("2.00");
    assertThat(row(rows, "CANN adapter rtsLaunchCpuKernel").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "Session + rts-json").ratio()).isEqualTo("2.50");
    assertThat(row(rows, "Session + rts-json").verdict()).isEqualTo(RatioTable.Verdict.MET);
    assertThat(row(rows, "Allocation per launch, adapter rtsLaunchCpuKernel").verdict())
        .isEqualTo(RatioTable.Verdict.MET);
    assertThat(row(rows, "Allocation per launch, session + rts-json").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "1,000 open/close").verdict()).isEqualTo(RatioTable.Verdict.NOT_RUN);
  }

  @Test
  @DisplayName(
      "fresh-process bootstrap / dd per size and its linearity; 1 block / the bare ping-pong;"
          + " N blocks / the ping-pong with an N-thread fan-out")
  void freshProcessAndLaunchRows() {
    List<RatioTable.Row> rows =
        RatioTable.rows(
            List.of(
                m("FreshProcessBootstrapBenchmark.cold", 30_000, "sizeMib", "1"),
                m("FreshProcessBootstrapBenchmark.dd", 20_000, "sizeMib", "1"),
                m("FreshProcessBootstrapBenchmark.cold", 60_000, "sizeMib", "1", "jvm", "plain"),
                m("FreshProcessBootstrapBenchmark.cold", 200_000, "sizeMib", "64"),
                m("FreshProcessBootstrapBenchmark.dd", 90_000, "sizeMib", "64"),
                m("FreshProcessBootstrapBenchmark.cold", 1_100_000, "sizeMib", "256"),
                m("FreshProcessBootstrapBenchmark.dd", 450_000, "sizeMib", "256"),
                m("SimLaunchBenchmark.launch", 70, "blocks", "1", "strategy", "rts-json"),
                m("SimLaunchBenchmark.launch", 400, "blocks", "64", "strategy", "rts-json"),
                m("IpcBaselineBenchmark.pingPong", 50, "blocks", "0"),
                m("IpcBaselineBenchmark.pingPong", 60, "blocks", "1"),
                m("IpcBaselineBenchmark.pingPong", 250, "blocks", "64")),
            null);

    assertThat(row(rows, "Cold bootstrap in a fresh process and simulator, 1 MiB").ratio())
        .isEqualTo("1.50");
    assertThat(row(rows, "Cold bootstrap in a fresh process and simulator, 64 MiB").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "Cold bootstrap in a fresh process and simulator, 256 MiB").ratio())
        .isEqualTo("2.44");
    assertThat(row(rows, "Cold bootstrap in a fresh process and simulator, 16 MiB").verdict())
        .isEqualTo(RatioTable.Verdict.NOT_RUN);
    // The plain JVM's row is context beside the target row, which ran with the launcher's JVM.
    assertThat(row(rows, "The same, 1 MiB, plain JVM").ratio()).isEqualTo("3.00");
    assertThat(row(rows, "The same, 1 MiB, plain JVM").verdict())
        .isEqualTo(RatioTable.Verdict.CONTEXT);
    assertThat(rows).noneMatch(r -> r.measure().startsWith("The same, 64 MiB"));
    assertThat(row(rows, "Fresh-process cold bootstrap linear").ratio()).isEqualTo("1.38");
    assertThat(row(rows, "Fresh-process cold bootstrap linear").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "Simulator round trip, rts-json, 1 block / bare").ratio())
        .isEqualTo("1.40");
    assertThat(row(rows, "Simulator round trip, rts-json, 1 block / bare").verdict())
        .isEqualTo(RatioTable.Verdict.MET);
    assertThat(row(rows, "Simulator launch, rts-json, 64 blocks").ratio()).isEqualTo("1.60");
    assertThat(row(rows, "Simulator launch, rts-json, 64 blocks").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
  }

  @Test
  @DisplayName("the soak fails on one leaked allocation or 1 MiB of RSS growth")
  void soak() {
    SessionSoak.Result leaky =
        new SessionSoak.Result(
            1000, 2000, "rts-json", 64, 128, 1, 2, 0, 0, 0, 0, 0, 0, 50_000, 51_100);
    List<RatioTable.Row> rows = RatioTable.rows(List.of(), leaky);

    assertThat(row(rows, "1000 open/close cycles: device").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
    assertThat(row(rows, "1000 open/close cycles: device").value()).startsWith("64 B, 1 allocs");
    assertThat(row(rows, "1000 open/close cycles: host RSS").value()).isEqualTo("1100 KiB");
    assertThat(row(rows, "1000 open/close cycles: host RSS").measure())
        .endsWith("(after 2000 warm-up cycles)");
    assertThat(row(rows, "1000 open/close cycles: host RSS").verdict())
        .isEqualTo(RatioTable.Verdict.MISSED);
  }

  @Test
  @DisplayName("medians of odd and even counts, units to microseconds, keys with sorted params")
  void measurementHelpers() {
    assertThat(Measurement.median(List.of(3.0, 1.0, 2.0))).isEqualTo(2.0);
    assertThat(Measurement.median(List.of(4.0, 1.0, 2.0, 3.0))).isEqualTo(2.5);
    assertThat(Measurement.toMicros(1500, "ns/op")).isEqualTo(1.5);
    assertThat(Measurement.toMicros(2, "ms/op")).isEqualTo(2000);
    assertThat(Measurement.key("A.b", Map.of("z", "1", "a", "2"))).isEqualTo("A.b[a=2,z=1]");
    assertThat(Measurement.key("A.b", Map.of())).isEqualTo("A.b");
  }
}
