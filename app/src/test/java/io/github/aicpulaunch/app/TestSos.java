package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The device SOs dispatcher-c packages, copied out of the classpath, and the facts a test checks
 * them against, taken from independent sources: readelf for fingerprints, plain Java arithmetic for
 * results, docs/ABI.md for payload layouts.
 */
public final class TestSos {
  static final String VECTOR = "libexample_vector_runtime.so";
  static final String CHECKSUM = "libexample_checksum_runtime.so";

  private TestSos() {}

  /** Copies {@code linux-x86-64/<name>} from the classpath into {@code dir}. */
  public static Path packaged(Path dir, String name) throws IOException {
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = TestSos.class.getResourceAsStream("/linux-x86-64/" + name)) {
      assertThat(in).as("resource %s from dispatcher-c", name).isNotNull();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /** PROTOCOL §5 from what readelf reports: the first 8 Build-ID bytes, little-endian, %016x. */
  public static String fingerprint(Path so) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("readelf", "-n", so.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    assertThat(p.waitFor()).isZero();
    Matcher m = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(text);
    assertThat(m.find()).as("readelf reports a Build ID for %s", so).isTrue();
    String id = m.group(1);
    StringBuilder le = new StringBuilder();
    for (int i = 7; i >= 0; i--) {
      le.append(id, 2 * i, 2 * i + 2);
    }
    return le.toString();
  }

  /**
   * {@code out = a + b} with the vector runtime's exec payload {@code {a, b, out, count}} (32 B,
   * docs/ABI.md), every element compared with the sum Java computes.
   */
  static void addAndVerify(Session session, int count, int blocks, float seed) {
    int bytes = 4 * count;
    DeviceBuffer a = session.allocate(bytes);
    DeviceBuffer b = session.allocate(bytes);
    DeviceBuffer c = session.allocate(bytes);
    ByteBuffer ha = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer hb = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      ha.putFloat(seed + i);
      hb.putFloat(i * -0.75f);
    }
    session.write(a, 0, ha.flip());
    session.write(b, 0, hb.flip());
    ByteBuffer payload = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    payload.putLong(a.address()).putLong(b.address()).putLong(c.address()).putLong(count).flip();
    session.launch(new LaunchCommand("simpler_aicpu_exec", payload, blocks));
    ByteBuffer out = session.read(c, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
    float[] expected = new float[count];
    float[] actual = new float[count];
    for (int i = 0; i < count; i++) {
      expected[i] = (seed + i) + (i * -0.75f);
      actual[i] = out.getFloat(4 * i);
    }
    assertThat(actual).containsExactly(expected);
    session.free(a);
    session.free(b);
    session.free(c);
  }

  /** How many times the dispatcher published (or found identical) a runtime SO on a device. */
  static long uploads(SimInspector inspector, int logicalDevice) {
    return inspector.deviceLog().stream()
        .filter(l -> l.logicalDevice() == logicalDevice)
        .filter(l -> l.text().contains("Init: wrote") || l.text().contains("Init: kept"))
        .count();
  }

  /** Nothing left on the device: no memory, no registration, no function handle, no stream. */
  static void assertNothingLeft(SimInspector inspector, int logicalDevice) {
    assertThat(inspector.deviceMemoryBytesInUse(logicalDevice)).as("device memory").isZero();
    assertThat(inspector.deviceMemoryHandlesInUse(logicalDevice)).as("allocations").isZero();
    assertThat(inspector.registrationsAlive()).as("registrations").isZero();
    assertThat(inspector.functionHandlesAlive()).as("function handles").isZero();
    assertThat(inspector.streamsAlive()).as("streams").isZero();
  }
}
