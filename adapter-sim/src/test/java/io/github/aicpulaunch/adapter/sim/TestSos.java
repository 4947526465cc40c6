package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** The test-only device SOs built from src/test/c, and helpers to drive them through the ports. */
final class TestSos {
  static final String KERNELS = "libsim_test_kernels.so";
  static final String DISPATCHER_A = "libsim_fake_dispatcher.so";
  static final String DISPATCHER_B = "libsim_fake_dispatcher_b.so";
  static final String DISPATCHER_MISSING_SERVER = "libsim_bad_dispatcher.so";

  private TestSos() {}

  static Path path(String name) {
    String dir = System.getProperty("aicpu.sim.testNative");
    if (dir == null) {
      throw new IllegalStateException("aicpu.sim.testNative is not set (run through Maven)");
    }
    return Path.of(dir, name);
  }

  /** Threads of a process, from its {@code /proc/<pid>/task} folder. */
  static int threadCount(Path tasks) throws IOException {
    try (Stream<Path> entries = Files.list(tasks)) {
      return (int) entries.count();
    }
  }

  static byte[] bytes(String name) throws IOException {
    return Files.readAllBytes(path(name));
  }

  /** Installs a test SO into a preinstall directory under {@code asName}, as an admin would. */
  static void install(Path dir, String so, String asName) throws IOException {
    Files.copy(path(so), dir.resolve(asName), StandardCopyOption.REPLACE_EXISTING);
  }

  static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * A Mode A blob: payload, then the kernel name and SO name as NUL-terminated strings, with their
   * offsets.
   */
  static AicpuArgs modeA(ByteBuffer payload, String soName, String kernelName) {
    byte[] p = new byte[payload.remaining()];
    payload.duplicate().get(p);
    byte[] k = (kernelName + "\0").getBytes(StandardCharsets.UTF_8);
    byte[] s = (soName + "\0").getBytes(StandardCharsets.UTF_8);
    ByteBuffer blob = ByteBuffer.allocate(p.length + k.length + s.length);
    blob.put(p).put(k).put(s).flip();
    return new AicpuArgs(blob, p.length + k.length, p.length);
  }

  static ByteBuffer u64s(long... values) {
    ByteBuffer b = le(8 * values.length);
    for (long v : values) {
      b.putLong(v);
    }
    return b.flip();
  }

  /**
   * A test kernel's payload: {@code values} as u64s, then the per-launch block counter {@code {u32
   * next = 0, u32 count = numBlocks}} the kernels claim their block from (aicpu_block.h).
   */
  static ByteBuffer withBlocks(int numBlocks, long... values) {
    ByteBuffer b = le(8 * values.length + 8);
    for (long v : values) {
      b.putLong(v);
    }
    return b.putInt(0).putInt(numBlocks).flip();
  }

  /**
   * The payload of {@code sim_barrier}: each block counts itself at {@code counter} and waits (at
   * most {@code maxMs}) until {@code arrivals} blocks did.
   */
  static ByteBuffer barrierArgs(long counter, int maxMs, int arrivals) {
    return le(24).putLong(counter).putInt(maxMs).putInt(0).putInt(0).putInt(arrivals).flip();
  }

  static ByteBuffer cString(String s) {
    return ByteBuffer.wrap((s + "\0").getBytes(StandardCharsets.UTF_8));
  }

  /** Launches a type-2 kernel of the test-kernel SO installed as {@code soName}. */
  static void launchType2(
      io.github.aicpulaunch.ports.out.CannPorts ports,
      StreamHandle stream,
      String soName,
      String kernel,
      int blocks,
      ByteBuffer payload) {
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU, "AST_DYN_AICPU", blocks, modeA(payload, soName, kernel), stream);
  }

  static DevicePtr upload(io.github.aicpulaunch.ports.out.CannPorts ports, byte[] data) {
    DevicePtr p = ports.memory().malloc(data.length);
    ports.memory().copyToDevice(p, ByteBuffer.wrap(data));
    return p;
  }

  /**
   * Launches {@code sim_wait_flag_bounded} from {@code soName} (one block) with fresh zeroed flag
   * and handshake words, then waits until the kernel's handshake reached device memory.
   *
   * @return the flag's device pointer: the kernel finishes once it sees a non-zero value there
   */
  static DevicePtr startFlagWaiter(
      io.github.aicpulaunch.ports.out.CannPorts ports,
      KernelType type,
      StreamHandle stream,
      String soName,
      int maxWaitMillis)
      throws InterruptedException {
    DevicePtr flag = ports.memory().malloc(4);
    DevicePtr started = ports.memory().malloc(4);
    ports.memory().copyToDevice(flag, ByteBuffer.allocate(4));
    ports.memory().copyToDevice(started, ByteBuffer.allocate(4));
    ByteBuffer payload =
        le(24)
            .putLong(flag.address())
            .putLong(started.address())
            .putInt(maxWaitMillis)
            .putInt(0)
            .flip();
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            type, "WaitFlag", 1, modeA(payload, soName, "sim_wait_flag_bounded"), stream);
    long deadline = System.nanoTime() + 10_000_000_000L;
    ByteBuffer seen = le(4);
    do {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the kernel's handshake never reached device memory");
      }
      Thread.sleep(5);
      ports.memory().copyFromDevice(seen.clear(), started);
    } while (seen.getInt(0) == 0);
    return flag;
  }
}
