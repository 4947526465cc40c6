package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device code's {@code write} of device memory to a file stores the bytes the code sees, at the
 * file's offset, however the simulator moves them (a large write to a regular file is sent from the
 * device memory file; docs/ABI.md).
 */
class DeviceMemoryWriteTest {
  private static final String SO = "libsim_write.so";
  private static final int APPEND = 1;
  private static final int OVERWRITE_FIRST_8 = 2;
  private static final byte[] HDR = "hdr".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path dir;

  private static Simulator start(boolean nonCoherent) throws Exception {
    Simulator sim =
        Simulator.start(
            SimConfig.builder()
                .chips(1)
                .memoryBudgetBytes(8 << 20)
                .customSchedulerNonCoherent(nonCoherent)
                .build());
    TestSos.install(sim.inspector().customDir(0), TestSos.KERNELS, SO);
    TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
    sim.ports().devices().setDevice(0);
    return sim;
  }

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >>> 12) + 7);
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /**
   * Runs {@code sim_write_file} as a kernel of {@code type} over {@code data}; the file's bytes.
   */
  private static byte[] write(Simulator sim, KernelType type, byte[] data, int flags, Path file)
      throws Exception {
    CannPorts ports = sim.ports();
    DevicePtr src = TestSos.upload(ports, data);
    byte[] path = (file + "\0").getBytes(StandardCharsets.UTF_8);
    ByteBuffer args =
        TestSos.le(32 + path.length)
            .putLong(src.address())
            .putLong(data.length)
            .putLong(flags)
            .putLong(0)
            .put(path)
            .flip();
    StreamHandle s = ports.streams().createStream();
    try {
      ports
          .aicpuLaunch()
          .launchAicpuKernel(type, "WriteFile", 1, TestSos.modeA(args, SO, "sim_write_file"), s);
      ports.streams().synchronize(s, 10_000);
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(src);
    }
    return Files.readAllBytes(file);
  }

  @Test
  @DisplayName(
      "small and large writes of device memory, plain and O_APPEND, land after what the file holds")
  void bytesAtTheFileOffset() throws Exception {
    try (Simulator sim = start(false)) {
      int n = 0;
      for (int size : new int[] {100, (64 << 10) - 1, 64 << 10, (3 << 20) + 5}) {
        byte[] data = pattern(size);
        for (int flags : new int[] {0, APPEND}) {
          Path file = dir.resolve("out-" + n++);
          assertThat(write(sim, KernelType.AICPU, data, flags, file))
              .as("%d bytes, flags %d", size, flags)
              .isEqualTo(concat(HDR, data));
        }
      }
    }
  }

  @Test
  @DisplayName(
      "a custom kernel writes what its own view of device memory holds, coherent or in a"
          + " non-coherent snapshot")
  void customKernelWritesItsView() throws Exception {
    for (boolean nonCoherent : new boolean[] {false, true}) {
      try (Simulator sim = start(nonCoherent)) {
        byte[] data = pattern(1 << 20);
        byte[] seen = data.clone();
        System.arraycopy("XXXXXXXX".getBytes(StandardCharsets.US_ASCII), 0, seen, 0, 8);
        Path file = dir.resolve("custom-" + nonCoherent);
        assertThat(write(sim, KernelType.AICPU_CUSTOM, data, OVERWRITE_FIRST_8, file))
            .as("non-coherent: %s", nonCoherent)
            .isEqualTo(concat(HDR, seen));
      }
    }
  }
}
