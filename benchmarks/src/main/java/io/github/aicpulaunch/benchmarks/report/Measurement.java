package io.github.aicpulaunch.benchmarks.report;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One benchmark and parameter combination of a run: the median of its measurement iterations in
 * microseconds per operation, and the bytes it allocated per operation when the GC profiler ran.
 *
 * @param benchmark {@code SimpleClass.method}
 * @param params parameter name to value
 * @param medianMicros median over the iteration scores, µs/op
 * @param iterations how many iteration scores the median is of
 * @param allocBytesPerOp {@code gc.alloc.rate.norm}, if profiled
 */
public record Measurement(
    String benchmark,
    Map<String, String> params,
    double medianMicros,
    int iterations,
    OptionalDouble allocBytesPerOp) {
  public Measurement {
    params = Collections.unmodifiableMap(new TreeMap<>(params));
    if (iterations < 1) {
      throw new IllegalArgumentException("a measurement needs at least one iteration");
    }
  }

  /** {@code Class.method[k=v,...]}, parameters sorted by name; no brackets without parameters. */
  public String key() {
    return key(benchmark, params);
  }

  public static String key(String benchmark, Map<String, String> params) {
    if (params.isEmpty()) {
      return benchmark;
    }
    List<String> parts = new ArrayList<>();
    new TreeMap<>(params).forEach((k, v) -> parts.add(k + "=" + v));
    return benchmark + "[" + String.join(",", parts) + "]";
  }

  /** The median of {@code scores} (mean of the two middle ones for an even count). */
  public static double median(List<Double> scores) {
    if (scores.isEmpty()) {
      throw new IllegalArgumentException("no scores");
    }
    List<Double> sorted = new ArrayList<>(scores);
    Collections.sort(sorted);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Converts a JMH score in {@code unit} (ns/op, us/op, ms/op, s/op) to µs/op. */
  public static double toMicros(double score, String unit) {
    return switch (unit) {
      case "ns/op" -> score / 1_000.0;
      case "us/op" -> score;
      case "ms/op" -> score * 1_000.0;
      case "s/op" -> score * 1_000_000.0;
      default -> throw new IllegalArgumentException("not a time per operation: " + unit);
    };
  }
}
