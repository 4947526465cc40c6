package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A stand-in CANN variant built by this module's CMake from {@code src/test/c}: where it lies, the
 * test-only controls it exports, and helpers to read its call record.
 */
final class Standin {
  /** The test-only functions of the stand-in {@code libruntime.so}. */
  interface Control extends Library {
    void standin_reset();

    void standin_set_rc(String function, int rc);

    void standin_set_recent_error(String message);

    int standin_log_count();

    int standin_log_entry(int i, byte[] buf, int len);

    int standin_live_allocations();
  }

  final Path home;
  final Control control;

  private Standin(Path home) {
    this.home = home;
    this.control = Native.load(home.resolve("lib64/libruntime.so").toString(), Control.class);
  }

  /**
   * A variant: {@code full} (9.0.0), {@code old} (8.3.0, 40-B layout), {@code no-rts} or {@code
   * json-107000} (9.0.1 whose rts JSON loader answers 107000 to every descriptor).
   */
  static Standin variant(String name) {
    String dir = System.getProperty("standin.dir");
    if (dir == null) {
      throw new IllegalStateException("standin.dir is not set; run the tests through Maven");
    }
    Path home = Path.of(dir, name).toAbsolutePath();
    if (!Files.isRegularFile(home.resolve("lib64/libruntime.so"))) {
      throw new IllegalStateException("stand-in variant not built: " + home);
    }
    return new Standin(home);
  }

  /**
   * A fresh adapter over this variant (its own thread-attach state), with an empty record. ACL is
   * initialised first, as the process's first device call would (aclInit runs once per process), so
   * that every test's record starts at its own first call whatever ran before it.
   */
  CannAdapter freshAdapter() {
    CannAdapter adapter = CannAdapter.load(CannOptions.explicitOnly().withAscendHome(home));
    adapter.ports().devices().deviceCount();
    control.standin_reset();
    return adapter;
  }

  /** Every recorded call, in order. */
  List<String> log() {
    List<String> lines = new ArrayList<>();
    int n = control.standin_log_count();
    byte[] buf = new byte[1 << 16];
    for (int i = 0; i < n; i++) {
      int len = control.standin_log_entry(i, buf, buf.length);
      if (len >= buf.length) {
        buf = new byte[len + 1];
        len = control.standin_log_entry(i, buf, buf.length);
      }
      lines.add(new String(buf, 0, len, StandardCharsets.UTF_8));
    }
    return lines;
  }

  /** The record without the thread numbers, for sequence assertions. */
  List<String> calls() {
    return log().stream().map(l -> l.replaceFirst(" tid=\\d+", "")).collect(Collectors.toList());
  }

  static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  static String hex(ByteBuffer buffer) {
    byte[] b = new byte[buffer.remaining()];
    buffer.duplicate().get(b);
    return hex(b);
  }

  static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  /** Bytes 0, 1, 2, ... (mod 251), distinct enough to catch a shifted copy. */
  static byte[] pattern(int size, int seed) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) ((i + seed) % 251);
    }
    return b;
  }
}
