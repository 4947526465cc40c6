package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The project's real dispatcher and example runtimes from dispatcher-c, run unchanged. */
class RealDispatcherTest {
  private static Simulator sim;
  private static CannPorts ports;

  @BeforeAll
  static void start() {
    sim = Simulator.start(SimConfig.builder().chips(2).build());
    ports = sim.ports();
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in =
        RealDispatcherTest.class.getClassLoader().getResourceAsStream("linux-x86-64/" + name)) {
      assertThat(in).as(name + " from the dispatcher-c jar").isNotNull();
      return in.readAllBytes();
    }
  }

  private static java.util.Set<String> published(int device) throws IOException {
    try (var files = Files.list(sim.inspector().preinstallDir(0))) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("simpler_inner_") && n.endsWith("_" + device + ".so"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }

  /** Bootstraps the real dispatcher with {@code runtime}; returns the file it published. */
  private static String publish(int device, byte[] runtime) throws Exception {
    java.util.Set<String> before = published(device);
    ports.devices().setDevice(device);
    StreamHandle s = ports.streams().createStream();
    try {
      Bootstrap.run(ports, s, resource("libaicpu_dispatcher.so"), runtime, device);
    } finally {
      ports.streams().destroyStream(s);
    }
    java.util.Set<String> after = published(device);
    after.removeAll(before);
    assertThat(after).hasSize(1);
    return after.iterator().next();
  }

  @Test
  @DisplayName("F3: the real dispatcher publishes the vector runtime per device; type 2 runs it")
  void vectorRuntimeType2() throws Exception {
    String name = publish(0, resource("libexample_vector_runtime.so"));
    int n = 64;
    ByteBuffer a = TestSos.le(4 * n);
    for (int i = 0; i < n; i++) {
      a.putFloat(i * 0.5f);
    }
    DevicePtr da = TestSos.upload(ports, a.array());
    DevicePtr out = ports.memory().malloc(4L * n);
    StreamHandle s = ports.streams().createStream();
    try {
      TestSos.launchType2(
          ports,
          s,
          name,
          "simpler_aicpu_exec",
          3,
          TestSos.withBlocks(3, da.address(), da.address(), out.address(), n));
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(4 * n);
      ports.memory().copyFromDevice(r, out);
      for (int i = 0; i < n; i++) {
        assertThat(r.getFloat(4 * i)).isEqualTo(i * 1.0f);
      }
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(da);
      ports.memory().free(out);
    }
  }

  @Test
  @DisplayName(
      "dispatch-through: the latched dispatcher forwards to the runtime's entry; a failing"
          + " entry is 507018")
  void dispatchThrough() throws Exception {
    byte[] checksum = resource("libexample_checksum_runtime.so");
    String name = publish(1, checksum);
    long fp = Long.parseUnsignedLong(name.substring(14, 30), 16);
    byte[] data = "hello".getBytes(StandardCharsets.US_ASCII);
    DevicePtr in = TestSos.upload(ports, data);
    DevicePtr out = ports.memory().malloc(8);
    DevicePtr payload =
        TestSos.upload(ports, TestSos.withBlocks(2, in.address(), 5, out.address()).array());
    ByteBuffer req = TestSos.le(96).putLong(0, fp).putLong(8, payload.address()).putLong(16, 32);
    req.put(32, "checksum_aicpu_sum".getBytes(StandardCharsets.US_ASCII));
    DevicePtr request = TestSos.upload(ports, req.array());
    ByteBuffer da = TestSos.le(160).putLong(112, 1);
    da.putInt(136, 0x31505344).putInt(140, 96).putLong(144, request.address());
    DevicePtr devArgs = TestSos.upload(ports, da.array());
    ByteBuffer blob = TestSos.le(304).putLong(40, devArgs.address());
    blob.put(208, "DynTileFwkKernelServer".getBytes(StandardCharsets.US_ASCII));
    blob.put(240, "libaicpu_extend_kernels.so".getBytes(StandardCharsets.US_ASCII));
    StreamHandle s = ports.streams().createStream();
    try {
      ports
          .aicpuLaunch()
          .launchAicpuKernel(
              KernelType.AICPU_KFC, "AST_DYN_AICPU", 2, new AicpuArgs(blob, 240, 208), s);
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(8);
      ports.memory().copyFromDevice(r, out);
      long sum = 0;
      for (byte b : data) {
        sum += b;
      }
      assertThat(r.getLong(0)).isEqualTo(sum);
      // The dispatcher acknowledged the request in the request itself ("DACK").
      ByteBuffer ack = TestSos.le(4);
      ports.memory().copyFromDevice(ack, new DevicePtr(request.address() + 28));
      assertThat(ack.getInt(0)).isEqualTo(0x4b434144);

      req.put(32, "no_such_entry\0\0\0\0\0".getBytes(StandardCharsets.US_ASCII));
      ports.memory().copyToDevice(request, req.rewind());
      ports
          .aicpuLaunch()
          .launchAicpuKernel(
              KernelType.AICPU_KFC, "AST_DYN_AICPU", 1, new AicpuArgs(blob, 240, 208), s);
      assertThatThrownBy(() -> ports.streams().synchronize(s, 10_000))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
      // ... and answered the refused one with its code (AICPU_E_UNKNOWN_ENTRY).
      ports.memory().copyFromDevice(ack.clear(), new DevicePtr(request.address() + 28));
      assertThat(ack.getInt(0)).isEqualTo(0x44530028);
    } finally {
      ports.streams().destroyStream(s);
      for (DevicePtr p : new DevicePtr[] {in, out, payload, request, devArgs}) {
        ports.memory().free(p);
      }
    }
  }

  @Test
  @DisplayName("F9: a runtime without simpler_aicpu_exec fails its type-2 launch with 507018")
  void missingExecFixture() throws Exception {
    String name = publish(0, resource("fixtures/libfaulty_missing_exec.so"));
    StreamHandle s = ports.streams().createStream();
    try {
      TestSos.launchType2(
          ports, s, name, "simpler_aicpu_exec", 1, TestSos.withBlocks(1, 0, 0, 0, 0));
      assertThatThrownBy(() -> ports.streams().synchronize(s, 10_000))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
    } finally {
      ports.streams().destroyStream(s);
    }
    assertThat(Path.of(name).toString()).contains("_0.so");
  }

  @Test
  @DisplayName(
      "a runtime of several MiB is published byte for byte: device code's write of device memory"
          + " to a file")
  void largeRuntimePublishedExactly() throws Exception {
    try (Simulator own = Simulator.start(SimConfig.builder().chips(1).build())) {
      CannPorts p = own.ports();
      p.devices().setDevice(0);
      byte[] vector = resource("libexample_vector_runtime.so");
      // Bytes after the last section: the SO still loads, and every byte must reach the file.
      byte[] big = java.util.Arrays.copyOf(vector, (3 << 20) + 12_345);
      for (int i = vector.length; i < big.length; i++) {
        big[i] = (byte) (i * 31 + 7);
      }
      StreamHandle s = p.streams().createStream();
      try {
        Bootstrap.run(p, s, resource("libaicpu_dispatcher.so"), big, 0);
      } finally {
        p.streams().destroyStream(s);
      }
      try (var files = Files.list(own.inspector().preinstallDir(0))) {
        Path published =
            files
                .filter(f -> f.getFileName().toString().startsWith("simpler_inner_"))
                .findFirst()
                .orElseThrow();
        assertThat(Files.readAllBytes(published)).isEqualTo(big);
      }
    }
  }

  @Test
  @DisplayName(
      "F16: injected EACCES also hits the real dispatcher's openat/renameat: 507018, nothing left")
  void permissionDeniedForDirectoryRelativeCalls() throws Exception {
    try (Simulator own = Simulator.start(SimConfig.builder().chips(1).build())) {
      CannPorts p = own.ports();
      p.devices().setDevice(0);
      own.injectFaults(0, SimFault.PERMISSION_DENIED);
      StreamHandle s = p.streams().createStream();
      try {
        byte[] vector = resource("libexample_vector_runtime.so");
        assertThatThrownBy(() -> Bootstrap.run(p, s, resource("libaicpu_dispatcher.so"), vector, 0))
            .extracting(t -> ((CannCallException) t).code())
            .isEqualTo(507018);
      } finally {
        p.streams().destroyStream(s);
      }
      assertThat(own.inspector().deviceLog())
          .anyMatch(l -> l.text().contains("[aicpu-dispatcher]") && l.text().contains("errno 13"));
      try (var files = Files.list(own.inspector().preinstallDir(0))) {
        assertThat(files).isEmpty();
      }
    }
  }
}
