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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Device memory, streams and direct type-2 launches through the ports, on one two-die chip. */
class Type2LaunchTest {
  private static final String SO = "libsim_test_kernels.so";

  private static Simulator sim;
  private static CannPorts ports;
  private static Path preinstall;

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(SimConfig.builder().chips(2).memoryBudgetBytes(1 << 20).build());
    ports = sim.ports();
    preinstall = sim.inspector().preinstallDir(0);
    TestSos.install(preinstall, TestSos.KERNELS, SO);
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  @BeforeEach
  void attach() {
    ports.devices().setDevice(0);
  }

  private static int code(Throwable t) {
    return ((CannCallException) t).code();
  }

  @Test
  @DisplayName("F25: memory and stream calls from a thread that never set the device fail 107002")
  void unattachedThread() throws Exception {
    CompletableFuture<Throwable> malloc =
        CompletableFuture.supplyAsync(() -> catching(() -> ports.memory().malloc(64)));
    CompletableFuture<Throwable> stream =
        CompletableFuture.supplyAsync(() -> catching(() -> ports.streams().createStream()));
    assertThat(code(malloc.get())).isEqualTo(107002);
    assertThat(code(stream.get())).isEqualTo(107002);
  }

  private static Throwable catching(Runnable r) {
    try {
      r.run();
    } catch (CannCallException e) {
      return e;
    }
    throw new AssertionError("expected a CannCallException");
  }

  @Test
  @DisplayName("F13: bytes and handles in use are accounted per device and return to zero")
  void accounting() {
    long before = sim.inspector().deviceMemoryBytesInUse(0);
    DevicePtr a = ports.memory().malloc(100);
    DevicePtr b = ports.memory().malloc(1);
    assertThat(sim.inspector().deviceMemoryHandlesInUse(0)).isGreaterThanOrEqualTo(2);
    assertThat(sim.inspector().deviceMemoryBytesInUse(0) - before).isEqualTo(128 + 64);
    assertThat(a.address() % 64).isZero();
    ports.memory().free(a);
    ports.memory().free(b);
    assertThat(sim.inspector().deviceMemoryBytesInUse(0)).isEqualTo(before);
    assertThatThrownBy(() -> ports.memory().free(a))
        .isInstanceOf(CannCallException.InvalidArgument.class);
  }

  @Test
  @DisplayName("F13: allocations past the device budget fail with 207001")
  void budget() {
    DevicePtr big = ports.memory().malloc(900 << 10);
    try {
      assertThatThrownBy(() -> ports.memory().malloc(200 << 10))
          .isInstanceOf(CannCallException.ResourceExhausted.class)
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(207001);
    } finally {
      ports.memory().free(big);
    }
  }

  @Test
  @DisplayName("a type-2 kernel runs on numBlocks threads over real device addresses")
  void addKernel() {
    int n = 1000;
    ByteBuffer a = TestSos.le(4 * n);
    ByteBuffer b = TestSos.le(4 * n);
    for (int i = 0; i < n; i++) {
      a.putInt(i);
      b.putInt(3 * i + 1);
    }
    DevicePtr da = TestSos.upload(ports, a.array());
    DevicePtr db = TestSos.upload(ports, b.array());
    DevicePtr out = ports.memory().malloc(4L * n);
    StreamHandle s = ports.streams().createStream();
    try {
      TestSos.launchType2(
          ports,
          s,
          SO,
          "sim_add",
          4,
          TestSos.withBlocks(4, da.address(), db.address(), out.address(), n));
      ports.streams().synchronize(s, 10_000);
      ByteBuffer result = TestSos.le(4 * n);
      ports.memory().copyFromDevice(result, out);
      for (int i = 0; i < n; i++) {
        assertThat(result.getInt(4 * i)).isEqualTo(4 * i + 1);
      }
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(da);
      ports.memory().free(db);
      ports.memory().free(out);
    }
  }

  @Test
  @DisplayName("each block sees its own index and the block count")
  void blockIndex() {
    DevicePtr out = ports.memory().malloc(8 * 3);
    StreamHandle s = ports.streams().createStream();
    try {
      TestSos.launchType2(ports, s, SO, "sim_blocks", 3, TestSos.withBlocks(3, out.address()));
      ports.streams().synchronize(s);
      ByteBuffer r = TestSos.le(24);
      ports.memory().copyFromDevice(r, out);
      for (int i = 0; i < 3; i++) {
        assertThat(r.getInt(8 * i)).isEqualTo(i);
        assertThat(r.getInt(8 * i + 4)).isEqualTo(3);
      }
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(out);
    }
  }

  @Test
  @DisplayName("a failing type-2 kernel gives 507018 at sync and leaves the stream in error")
  void failingKernel() {
    StreamHandle s = ports.streams().createStream();
    try {
      ByteBuffer code = TestSos.le(8).putInt(0, 7);
      TestSos.launchType2(ports, s, SO, "sim_fail", 1, code);
      assertThatThrownBy(() -> ports.streams().synchronize(s))
          .isInstanceOf(CannCallException.DeviceFailure.class)
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
      assertThatThrownBy(() -> ports.streams().synchronize(s, 1000))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
      assertThat(sim.inspector().poisoned(0)).isFalse();
    } finally {
      ports.streams().destroyStream(s);
    }
  }

  @Test
  @DisplayName("the SO manager refuses names outside [A-Za-z0-9._-] and paths escaping the dir")
  void soNameRules() throws Exception {
    Path outside = Files.createTempDirectory("sim-outside");
    TestSos.install(outside, TestSos.KERNELS, "escape.so");
    Files.deleteIfExists(preinstall.resolve("link.so"));
    Files.createSymbolicLink(preinstall.resolve("link.so"), outside.resolve("escape.so"));
    for (String name : new String[] {"../" + SO, "lib kernels.so", "link.so", "missing.so"}) {
      StreamHandle s = ports.streams().createStream();
      try {
        TestSos.launchType2(ports, s, name, "sim_add", 1, TestSos.withBlocks(1, 0, 0, 0, 0));
        assertThatThrownBy(() -> ports.streams().synchronize(s))
            .as(name)
            .extracting(t -> ((CannCallException) t).code())
            .isEqualTo(507018);
      } finally {
        ports.streams().destroyStream(s);
      }
    }
  }

  @Test
  @DisplayName(
      "the scheduler keeps its dlopen handle for the process's life (F4: renames are safe)")
  void handleCachedForLife() throws Exception {
    TestSos.install(preinstall, TestSos.KERNELS, "libcached.so");
    DevicePtr out = ports.memory().malloc(8);
    StreamHandle s = ports.streams().createStream();
    try {
      TestSos.launchType2(
          ports, s, "libcached.so", "sim_blocks", 1, TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s);
      // Replace the file by one without sim_blocks: the cached handle still has it.
      Path tmp = preinstall.resolve("libcached.so.tmp");
      Files.copy(TestSos.path(TestSos.DISPATCHER_A), tmp);
      Files.move(
          tmp, preinstall.resolve("libcached.so"), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      TestSos.launchType2(
          ports, s, "libcached.so", "sim_blocks", 1, TestSos.withBlocks(1, out.address()));
      ports.streams().synchronize(s);
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(out);
    }
  }

  @Test
  @DisplayName("DlogRecord output reaches the device log with the logical device id")
  void deviceLog() throws Exception {
    ports.devices().setDevice(1);
    StreamHandle s = ports.streams().createStream();
    try {
      TestSos.launchType2(ports, s, SO, "sim_log", 2, TestSos.cString("hello from the device"));
      ports.streams().synchronize(s);
    } finally {
      ports.streams().destroyStream(s);
    }
    assertThat(sim.inspector().deviceLog())
        .filteredOn(l -> l.text().contains("hello from the device"))
        .hasSize(2)
        .allSatisfy(l -> assertThat(l.logicalDevice()).isEqualTo(1));
  }

  @Test
  @DisplayName("halGetDeviceInfo answers from the device configuration, unknown queries fail")
  void halGetDeviceInfo() throws ExecutionException, InterruptedException {
    DevicePtr out = ports.memory().malloc(16);
    StreamHandle s = ports.streams().createStream();
    try {
      int phys = ports.runtime().physicalDeviceId(0).orElseThrow();
      ByteBuffer args =
          TestSos.le(24)
              .putInt(phys)
              .putInt(HalInfo.MODULE_AICPU)
              .putInt(HalInfo.INFO_PF_CORE_NUM)
              .putInt(0)
              .putLong(out.address())
              .flip();
      TestSos.launchType2(ports, s, SO, "sim_hal", 1, args);
      ports.streams().synchronize(s);
      ByteBuffer r = TestSos.le(16);
      ports.memory().copyFromDevice(r, out);
      assertThat(r.getInt(0)).isZero();
      assertThat(r.getLong(8)).isEqualTo(6);
      ByteBuffer unknown =
          TestSos.le(24).putInt(phys).putInt(1).putInt(77).putInt(0).putLong(out.address()).flip();
      TestSos.launchType2(ports, s, SO, "sim_hal", 1, unknown);
      ports.streams().synchronize(s);
      ports.memory().copyFromDevice(r, out);
      assertThat(r.getInt(0)).isNotZero();
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(out);
    }
  }
}
