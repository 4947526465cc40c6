package io.github.aicpulaunch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs every benchmark once, in this JVM, with minimal iterations, so none of them rots: the
 * fixtures start, the C baselines agree with the Java paths they are compared with (checked in
 * their setups), and teardown checks pass. Asserts nothing about time.
 */
class BenchmarkSmokeTest {
  @Test
  @DisplayName("every benchmark and every parameter combination runs once without error")
  void everyBenchmarkRunsOnce() throws RunnerException {
    Options options =
        new OptionsBuilder()
            .include("io\\.github\\.aicpulaunch\\.benchmarks\\..*Benchmark\\..*")
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(5))
            // The fresh-process bootstrap at its smallest size: the 256 MiB path has a test of
            // its own (cli RunCommandBigSoTest), and here it would only cost time.
            .param("sizeMib", "1")
            .shouldFailOnError(true)
            .build();

    Collection<RunResult> results = new Runner(options).run();

    Set<String> ran = new TreeSet<>();
    for (RunResult r : results) {
      assertThat(r.getPrimaryResult().getScore()).as(r.getParams().id()).isPositive();
      String method = r.getParams().getBenchmark();
      ran.add(method.substring(method.lastIndexOf('.', method.lastIndexOf('.') - 1) + 1));
    }
    assertThat(ran)
        .containsExactlyInAnyOrder(
            "BootstrapBenchmark.cPublishFloor",
            "BootstrapBenchmark.cold",
            "CannLaunchBenchmark.adapterAicpuKernel",
            "CannLaunchBenchmark.adapterCpuKernel",
            "CannLaunchBenchmark.rawAicpuKernel",
            "CannLaunchBenchmark.rawCpuKernel",
            "CannSessionLaunchBenchmark.launchAsync",
            "FingerprintBenchmark.c",
            "FingerprintBenchmark.java",
            "FreshProcessBootstrapBenchmark.cold",
            "FreshProcessBootstrapBenchmark.dd",
            "IpcBaselineBenchmark.fanOut",
            "IpcBaselineBenchmark.pingPong",
            "SessionBenchmark.openClose",
            "SimLaunchBenchmark.launch",
            "WarmBootstrapBenchmark.warm",
            "WarmBootstrapBenchmark.warmUncached");
    // 12 fingerprint + 2 bootstrap + 2 fresh-process bootstrap (1 MiB) + 4 adapter + 3 session
    // strategies + 15 IPC (8 ping-pongs, 0..64 blocks; 7 fan-outs) + 1 open/close + 21 simulator
    // launches (3 strategies x 1..64 blocks) + 2 warm (through the read cache and without it).
    assertThat(results).hasSize(62);
  }
}
