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
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The device SOs dispatcher-c packages, copied out of the classpath, and the facts a test checks
 * them against, taken from independent sources: readelf for fingerprints, plain Java arithmetic for
 * results, docs/ABI.md for payload layouts.
 */
public final class TestSos {
  public static final String VECTOR = "libexample_vector_runtime.so";
  public static final String CHECKSUM = "libexample_checksum_runtime.so";
  public static final String LEGACY = "libexample_legacy_runtime.so";

  /** The vector runtime's extra entry that reports the InitArgs it latched (docs/ABI.md). */
  static final String GET_INIT = "example_vector_get_init";

  /** The vector runtime's entries with {@link #GET_INIT}. */
  static final List<String> VECTOR_ENTRIES =
      List.of("simpler_aicpu_init", "simpler_aicpu_exec", GET_INIT);

  /**
   * Why a test that needs the card's build ({@code linux-aarch64/}) is skipped: dispatcher-c builds
   * it only where the aarch64 cross compiler is installed, and says so in one line.
   */
  public static final String NO_AARCH64_SOS =
      "SKIPPED: dispatcher-c packages no linux-aarch64/ device SOs (no aarch64 cross compiler):"
          + " apt-get install gcc-aarch64-linux-gnu libc6-dev-arm64-cross qemu-user";

  private TestSos() {}

  /**
   * Skips the calling test (a JUnit assumption, with {@link #NO_AARCH64_SOS} as the reason) when
   * this build has no {@code linux-aarch64/} SOs; fails it instead under {@code
   * -Daicpu.require.toolchains=true}, as CI runs, so CI never skips it.
   */
  public static void assumeAarch64Sos() {
    boolean packaged = aarch64SosPackaged();
    if (!packaged && Boolean.getBoolean("aicpu.require.toolchains")) {
      throw new AssertionError(
          NO_AARCH64_SOS.replace("SKIPPED", "MISSING")
              + " (required by -Daicpu.require.toolchains=true)");
    }
    Assumptions.assumeTrue(packaged, NO_AARCH64_SOS);
  }

  /**
   * Whether this build has the card's SOs. For a {@code @BeforeAll} that prepares them: it returns
   * early when they are absent, and each test's {@link #assumeAarch64Sos()} reports the skip (a
   * class-level assumption would report no test at all).
   */
  public static boolean aarch64SosPackaged() {
    return TestSos.class.getResource("/linux-aarch64/" + VECTOR) != null;
  }

  /** Copies {@code linux-x86-64/<name>} from the classpath into {@code dir}. */
  public static Path packaged(Path dir, String name) throws IOException {
    return packaged(dir, "linux-x86-64", name);
  }

  /**
   * Copies {@code <folder>/<name>} from the classpath into {@code dir}; {@code linux-aarch64} holds
   * the card's build, which a CANN backend (real or stand-in) requires.
   */
  public static Path packaged(Path dir, String folder, String name) throws IOException {
    Path file = dir.resolve(Path.of(name).getFileName().toString());
    try (InputStream in = TestSos.class.getResourceAsStream("/" + folder + "/" + name)) {
      assertThat(in).as("resource %s/%s from dispatcher-c", folder, name).isNotNull();
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
  public static void addAndVerify(Session session, int count, int blocks, float seed) {
    addAndVerify(session, "simpler_aicpu_exec", count, blocks, seed);
  }

  /**
   * {@link #addAndVerify(Session, int, int, float)} through {@code entry}: the legacy runtime's
   * {@code DynTileFwkBackendKernelServer} takes the same 32-byte payload (docs/ABI.md "Legacy KFC
   * launch").
   */
  public static void addAndVerify(
      Session session, String entry, int count, int blocks, float seed) {
    addAndVerify(session, entry, count, blocks, seed, 40);
  }

  /**
   * {@link #addAndVerify(Session, String, int, int, float)} with a payload of {@code payloadBytes}:
   * the 40-byte vector arguments (the last 8 the block counter {0, blocks}), then filler bytes the
   * kernel never reads.
   */
  public static void addAndVerify(
      Session session, String entry, int count, int blocks, float seed, int payloadBytes) {
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
    ByteBuffer payload = ByteBuffer.allocate(payloadBytes).order(ByteOrder.LITTLE_ENDIAN);
    payload.putLong(a.address()).putLong(b.address()).putLong(c.address()).putLong(count);
    payload.putInt(0).putInt(blocks);
    while (payload.hasRemaining()) {
      payload.put((byte) 0xA5);
    }
    session.launch(new LaunchCommand(entry, payload.flip(), blocks));
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

  /**
   * What the vector runtime latched from its InitArgs, as {@code example_vector_get_init} writes
   * it: {@code {u32 device_id @0; u32 log_level @4; u32 init_count @8; u32 pad @12}} (docs/ABI.md).
   */
  record InitState(int deviceId, int logLevel, int initCount) {}

  /** Launches {@code example_vector_get_init} (payload {@code {u64 out_addr}}) and decodes it. */
  static InitState initState(Session session) {
    DeviceBuffer out = session.allocate(16);
    ByteBuffer payload = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    payload.putLong(out.address()).flip();
    session.launch(new LaunchCommand(GET_INIT, payload, 1));
    ByteBuffer state = session.read(out, 0, 16).order(ByteOrder.LITTLE_ENDIAN);
    session.free(out);
    return new InitState(state.getInt(0), state.getInt(4), state.getInt(8));
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
