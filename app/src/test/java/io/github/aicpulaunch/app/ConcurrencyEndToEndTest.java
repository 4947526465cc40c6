package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.charset.StandardCharsets;
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

/** Threads and processes sharing devices and preinstall directories. */
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

  @Test
  @DisplayName("4 CLI processes on chips sharing one preinstall directory all succeed")
  void fourProcessesShareAPreinstallDirectory() throws Exception {
    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    String fp = TestSos.fingerprint(so);
    Path shared = Files.createDirectory(tmp.resolve("aicpu_kernels_device"));
    // InitArgs (PROTOCOL §2.4): device 0, log level 25, default scheduler timeout, no workspaces.
    byte[] init = new byte[32];
    init[4] = 25;
    Path payload = Files.write(tmp.resolve("init.bin"), init);
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> processes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      processes.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  "io.github.aicpulaunch.app.cli.Main",
                  "run",
                  so.toString(),
                  "--entry",
                  "simpler_aicpu_init",
                  "--payload",
                  payload.toString(),
                  "--blocks",
                  "2",
                  "--backend",
                  "sim",
                  "--sim-preinstall-dir",
                  shared.toString(),
                  "--json")
              .redirectErrorStream(true)
              .redirectOutput(tmp.resolve("out" + i + ".txt").toFile())
              .start());
    }
    for (int i = 0; i < processes.size(); i++) {
      Process p = processes.get(i);
      assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("process %d finished", i).isTrue();
      String output = Files.readString(tmp.resolve("out" + i + ".txt"), StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("process %d: %s", i, output).isZero();
      assertThat(output).contains("\"result\":\"ok\"").contains("simpler_inner_" + fp + "_0.so");
    }
    List<String> names;
    try (Stream<Path> files = Files.list(shared)) {
      names = files.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(names)
        .as("one whole file, no temporary left")
        .containsExactly("simpler_inner_" + fp + "_0.so");
    assertThat(Files.readAllBytes(shared.resolve(names.get(0)))).isEqualTo(Files.readAllBytes(so));
  }
}
