package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Threads sharing devices and preinstall directories. Processes doing so run the CLI, so that test
 * is the CLI's ({@code cli}'s {@code ConcurrentProcessesTest}).
 */
class ConcurrencyEndToEndTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("8 threads, one SO, one device: exactly one upload, every session works")
  void eightThreadsShareOneUpload() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    int threads = 8;
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build())) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      CyclicBarrier start = new CyclicBarrier(threads);
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        List<Future<String>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          float seed = t;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
                      TestSos.addAndVerify(s, 512, 4, seed);
                      return s.info().preinstallName();
                    }
                  }));
        }
        for (Future<String> r : results) {
          assertThat(r.get(60, TimeUnit.SECONDS)).startsWith("simpler_inner_");
        }
      } finally {
        pool.shutdownNow();
      }
      assertThat(TestSos.uploads(inspector, 0))
          .as("dispatcher Init calls on device 0")
          .isEqualTo(1);
      TestSos.assertNothingLeft(inspector, 0);
    }
  }

  @Test
  @DisplayName("F3/#890: paired dies share a preinstall directory and get one file each")
  void pairedDiesGetPerDeviceFiles() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    String fp = TestSos.fingerprint(so);
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(2).build())) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      assertThat(inspector.chipOf(0)).isEqualTo(inspector.chipOf(1));
      try (Session d0 = aicpu.open(OpenSessionCommand.of(0, so));
          Session d1 = aicpu.open(OpenSessionCommand.of(1, so))) {
        TestSos.addAndVerify(d0, 2048, 4, 1f);
        TestSos.addAndVerify(d1, 2048, 4, 2f);
      }
      List<String> names;
      try (Stream<Path> files = Files.list(inspector.preinstallDir(0))) {
        names = files.map(p -> p.getFileName().toString()).sorted().toList();
      }
      assertThat(names)
          .containsExactly("simpler_inner_" + fp + "_0.so", "simpler_inner_" + fp + "_1.so");
      byte[] bytes = Files.readAllBytes(so);
      for (String n : names) {
        assertThat(Files.readAllBytes(inspector.preinstallDir(0).resolve(n))).isEqualTo(bytes);
      }
    }
  }
}
