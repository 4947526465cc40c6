package io.github.aicpulaunch.reliability;

import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runtime SOs for the torture, kill and fault tests, made from dispatcher-c's example vector
 * runtime: copies whose GNU Build-ID (hence fingerprint, PROTOCOL §5) is patched, optionally padded
 * to a large size. The code is unchanged, so every copy loads and runs like the original. The facts
 * a test checks against come from {@code readelf}, not from the code under test.
 */
final class RuntimeCopies {
  static final String VECTOR = "libexample_vector_runtime.so";

  private static final Pattern BUILD_ID = Pattern.compile("Build ID: ([0-9a-f]+)");
  private static final Pattern FINAL_NAME =
      Pattern.compile("simpler_inner_([0-9a-f]{16})_([0-9]+)\\.so");

  private RuntimeCopies() {}

  /** Copies {@code linux-x86-64/<name>} (dispatcher-c's build output) into {@code dir}. */
  static Path packaged(Path dir, String name) throws IOException {
    Path file = dir.resolve(name);
    try (InputStream in = RuntimeCopies.class.getResourceAsStream("/linux-x86-64/" + name)) {
      if (in == null) {
        throw new IOException("resource linux-x86-64/" + name + " (dispatcher-c) is missing");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    }
    return file;
  }

  /** The Build-ID bytes {@code readelf -n} reports. */
  static byte[] readelfBuildId(Path so) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder("readelf", "-n", so.toString()).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
    if (p.waitFor() != 0) {
      throw new IOException("readelf -n " + so + " failed: " + text);
    }
    Matcher m = BUILD_ID.matcher(text);
    if (!m.find()) {
      throw new IOException("readelf reports no Build ID for " + so);
    }
    return HexFormat.of().parseHex(m.group(1));
  }

  /** PROTOCOL §5 from readelf's answer: the first 8 Build-ID bytes, little-endian, %016x. */
  static String readelfFingerprint(Path so) throws IOException, InterruptedException {
    byte[] id = readelfBuildId(so);
    return String.format(
        "%016x", ByteBuffer.wrap(id, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong());
  }

  /**
   * Writes a copy of {@code original} whose fingerprint is {@code fingerprint} (its first 8
   * Build-ID bytes become the value, little-endian), zero-padded at the end to {@code minSize}
   * bytes (bytes after the section headers are never mapped). Returns the copy's path.
   */
  static Path variant(Path original, Path copy, long fingerprint, int minSize)
      throws IOException, InterruptedException {
    byte[] bytes = Files.readAllBytes(original);
    byte[] id = readelfBuildId(original);
    byte[] note = new byte[4 + id.length];
    System.arraycopy("GNU\0".getBytes(StandardCharsets.US_ASCII), 0, note, 0, 4);
    System.arraycopy(id, 0, note, 4, id.length);
    int at = indexOf(bytes, note);
    if (at < 0 || indexOf(Arrays.copyOfRange(bytes, at + 1, bytes.length), note) >= 0) {
      throw new IOException("the Build-ID note of " + original + " is not found exactly once");
    }
    ByteBuffer.wrap(bytes, at + 4, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(fingerprint);
    byte[] out = bytes.length >= minSize ? bytes : Arrays.copyOf(bytes, minSize);
    return Files.write(copy, out);
  }

  /** The fingerprint in a final preinstall name, or null when {@code name} is not one. */
  static String fingerprintOfName(String name) {
    Matcher m = FINAL_NAME.matcher(name);
    return m.matches() ? m.group(1) : null;
  }

  static boolean isFinalName(String name) {
    return FINAL_NAME.matcher(name).matches();
  }

  /**
   * {@code out = a + b} with the vector runtime's exec payload {@code {a, b, out, count, blocks}}
   * (docs/ABI.md), every element compared with the sum computed here. Throws {@link
   * IllegalStateException} on a wrong element, so worker processes can count it.
   */
  static void addAndCheck(Session session, int count, int blocks, float seed) {
    int bytes = 4 * count;
    DeviceBuffer a = session.allocate(bytes);
    DeviceBuffer b = session.allocate(bytes);
    DeviceBuffer c = session.allocate(bytes);
    try {
      ByteBuffer ha = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
      ByteBuffer hb = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        ha.putFloat(seed + i);
        hb.putFloat(i * 0.5f);
      }
      session.write(a, 0, ha.flip());
      session.write(b, 0, hb.flip());
      ByteBuffer payload =
          DeviceSos.vectorPayload(a.address(), b.address(), c.address(), count, blocks);
      session.launch(new LaunchCommand("simpler_aicpu_exec", payload, blocks));
      ByteBuffer out = session.read(c, 0, bytes).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < count; i++) {
        float expected = (seed + i) + i * 0.5f;
        if (out.getFloat(4 * i) != expected) {
          throw new IllegalStateException(
              "element " + i + " is " + out.getFloat(4 * i) + ", expected " + expected);
        }
      }
    } finally {
      session.free(c);
      session.free(b);
      session.free(a);
    }
  }

  /** Copies a classpath resource (a C source of these tests) into {@code dir}. */
  static Path resource(Path dir, String name) {
    Path file = dir.resolve(name);
    try (InputStream in = RuntimeCopies.class.getResourceAsStream("/" + name)) {
      if (in == null) {
        throw new IOException("test resource " + name + " is missing");
      }
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
