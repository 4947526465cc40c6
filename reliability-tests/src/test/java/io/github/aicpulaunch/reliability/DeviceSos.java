package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The device SOs dispatcher-c packages (the example vector runtime and the faulty fixtures of
 * docs/ABI.md), and the vector kernel's result checked against plain Java arithmetic.
 */
final class DeviceSos {
  static final String VECTOR = "libexample_vector_runtime.so";
  static final String HANG = "fixtures/libfaulty_hang.so";
  static final String CRASH = "fixtures/libfaulty_crash.so";
  static final String FORK = "fixtures/libfaulty_fork.so";

  /**
   * A chain short enough for a hang test to finish quickly: the op-execute watchdog reaps a hung
   * task after 1 s, well inside the 10 s stream-sync budget (scheduler < op-execute < sync). The
   * watchdog is per device, so it also bounds the healthy tasks of the same test; 1 s leaves a
   * loaded 2-core machine room for them.
   */
  static final TimeoutChain SHORT =
      new TimeoutChain(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10));

  /**
   * For tests of healthy sessions: no watchdog fires on a slow but working task, however loaded the
   * machine is.
   */
  static final TimeoutChain GENEROUS =
      new TimeoutChain(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(40));

  private DeviceSos() {}

  /** Copies {@code linux-x86-64/<name>} from the classpath into {@code dir}. */
  static Path copy(Path dir, String name) throws IOException {
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = DeviceSos.class.getResourceAsStream("/linux-x86-64/" + name)) {
      assertThat(in).as("resource %s packaged by dispatcher-c", name).isNotNull();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  static OpenSessionCommand open(int device, Path so, String launch, TimeoutChain timeouts) {
    return new OpenSessionCommand(
        device, so, OpenSessionCommand.DEFAULT_ENTRIES, null, launch, timeouts);
  }

  static LaunchCommand exec(int blocks) {
    return new LaunchCommand("simpler_aicpu_exec", ByteBuffer.allocate(32), blocks);
  }

  /**
   * {@code out = a + b} with the vector runtime's exec payload {@code {a, b, out, count, blocks}}
   * (40 bytes, docs/ABI.md); every element is compared with the sum Java computes, so a block that
   * did not run (or ran over the wrong range) fails the check. Frees its buffers.
   */
  static void addAndVerify(Session session, int count, int blocks, float seed) {
    addAndVerify(session, count, blocks, seed, "simpler_aicpu_exec");
  }

  /** {@link #addAndVerify(Session, int, int, float)} through {@code entry} (the same payload). */
  static void addAndVerify(Session session, int count, int blocks, float seed, String entry) {
    float[] a = new float[count];
    float[] b = new float[count];
    float[] sum = new float[count];
    for (int i = 0; i < count; i++) {
      a[i] = seed * i;
      b[i] = 1.25f - i;
      sum[i] = a[i] + b[i];
    }
    List<DeviceBuffer> buffers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      buffers.add(session.allocate(4L * count));
    }
    session.write(buffers.get(0), 0, floats(a));
    session.write(buffers.get(1), 0, floats(b));
    ByteBuffer payload =
        vectorPayload(
            buffers.get(0).address(),
            buffers.get(1).address(),
            buffers.get(2).address(),
            count,
            blocks);
    session.launch(new LaunchCommand(entry, payload, blocks));
    FloatBuffer out =
        session.read(buffers.get(2), 0, 4 * count).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] actual = new float[count];
    out.get(actual);
    assertThat(actual).containsExactly(sum);
    buffers.forEach(session::free);
  }

  /**
   * The vector runtime's exec payload {@code {a, b, out, count, blocks}}: three device addresses,
   * the element count, a zero word and the block count (40 bytes little-endian, docs/ABI.md), ready
   * to read.
   */
  static ByteBuffer vectorPayload(long a, long b, long out, long count, int blocks) {
    ByteBuffer payload = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    payload.putLong(a).putLong(b).putLong(out).putLong(count).putInt(0).putInt(blocks);
    return payload.flip();
  }

  /** The number of entries of a folder, e.g. a process's threads in {@code /proc/<pid>/task}. */
  static int entries(Path dir) throws IOException {
    try (Stream<Path> list = Files.list(dir)) {
      return (int) list.count();
    }
  }

  /** {@code values} as little-endian bytes, position 0. */
  static ByteBuffer floats(float[] values) {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(values);
    return bytes;
  }
}
