package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The scheduler's SO manager when a SO cannot be loaded from the preinstall directory (PROTOCOL
 * 7.3): it retries {@code /usr/lib64/aicpu_kernels/<so>} (the chip's kernel root here), then {@code
 * <preinstall>/<hostPid>_<deviceId>/<so>}; each attempt's realpath must stay inside the directory
 * it tried.
 */
class SoManagerFallbackTest {
  private static Simulator sim;
  private static CannPorts ports;
  private static Path preinstall;
  private static Path root;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimConfig.builder().chips(2).memoryBudgetBytes(1 << 20).build());
    ports = sim.ports();
    preinstall = sim.inspector().preinstallDir(0);
    root = sim.inspector().kernelRoot(0);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  /**
   * Runs sim_blocks from {@code soName} on a device; returns the block count it wrote, or throws.
   */
  private static int runBlocks(int device, String soName) {
    ports.devices().setDevice(device);
    DevicePtr out = ports.memory().malloc(8);
    StreamHandle s = ports.streams().createStream();
    try {
      ports.memory().copyToDevice(out, ByteBuffer.allocate(8));
      TestSos.launchType2(ports, s, soName, "sim_blocks", 1, TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(8);
      ports.memory().copyFromDevice(r, out);
      return r.getInt(4);
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(out);
    }
  }

  private static Path pidDir(int device) throws Exception {
    int physical = ports.runtime().physicalDeviceId(device).orElseThrow();
    return Files.createDirectories(
        preinstall.resolve(ProcessHandle.current().pid() + "_" + physical));
  }

  @Test
  @DisplayName("the default preinstall directory is <kernel root>/0/aicpu_kernels_device")
  void layout() {
    assertThat(preinstall).isEqualTo(root.resolve("0").resolve("aicpu_kernels_device"));
  }

  @Test
  @DisplayName("a SO missing from the preinstall directory is loaded from the kernel root")
  void rootFallback() throws Exception {
    TestSos.install(root, TestSos.KERNELS, "libfb_root.so");
    assertThat(runBlocks(0, "libfb_root.so")).isEqualTo(1);
  }

  @Test
  @DisplayName("a SO that fails to dlopen in the preinstall directory is retried from the root")
  void corruptFileFallsBackToRoot() throws Exception {
    Files.write(preinstall.resolve("libfb_corrupt.so"), new byte[] {0x7f, 'E', 'L', 'F', 0});
    TestSos.install(root, TestSos.KERNELS, "libfb_corrupt.so");
    assertThat(runBlocks(0, "libfb_corrupt.so")).isEqualTo(1);
  }

  @Test
  @DisplayName("the last fallback is <preinstall>/<hostPid>_<deviceId>/, per physical device")
  void hostPidDeviceFallback() throws Exception {
    TestSos.install(pidDir(0), TestSos.KERNELS, "libfb_pid.so");
    assertThat(runBlocks(0, "libfb_pid.so")).isEqualTo(1);
    assertThatThrownBy(() -> runBlocks(1, "libfb_pid.so"))
        .as("device 1 looks in its own <hostPid>_1 directory")
        .extracting(t -> ((CannCallException) t).code())
        .isEqualTo(507018);
    assertThat(sim.inspector().deviceLog())
        .anyMatch(
            l ->
                l.logicalDevice() == 1
                    && l.text().contains("libfb_pid.so")
                    && l.text().contains(ProcessHandle.current().pid() + "_1"));
  }

  @Test
  @DisplayName("a fallback whose realpath leaves the directory it tried is refused")
  void fallbackGuard() throws Exception {
    Path outside = Files.createTempDirectory("sim-fallback-outside");
    try {
      TestSos.install(outside, TestSos.KERNELS, "libfb_escape.so");
      Files.createSymbolicLink(
          pidDir(0).resolve("libfb_escape.so"), outside.resolve("libfb_escape.so"));
      Files.createSymbolicLink(root.resolve("libfb_escape.so"), outside.resolve("libfb_escape.so"));
      assertThatThrownBy(() -> runBlocks(0, "libfb_escape.so"))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
      assertThat(sim.inspector().deviceLog())
          .anyMatch(l -> l.text().contains("libfb_escape.so") && l.text().contains("outside"));
    } finally {
      NativeFiles.deleteTree(outside);
    }
  }
}
