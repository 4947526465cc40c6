package io.github.aicpulaunch.app.cann;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.app.AicpuLaunch;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A stand-in CANN variant from {@code adapter-cann-native}'s test-jar ({@code
 * standin/<variant>/lib64/{libascendcl,libruntime}.so}, {@code runtime/version.info}), copied out
 * of the classpath into a CANN-shaped install root, plus the test-only controls and the call record
 * its {@code libruntime.so} exports.
 *
 * <p>One variant per JVM: the libraries stay loaded for its life (tests using this are named {@code
 * *StandinTest}, which app's surefire runs a JVM per class).
 */
public final class StandinCann {
  /** The test-only functions of the stand-in {@code libruntime.so} (src/test/c/standin_*.c). */
  interface Control extends Library {
    void standin_reset();

    void standin_set_rc(String function, int rc);

    int standin_log_count();

    int standin_log_entry(int i, byte[] buf, int len);

    int standin_live_allocations();

    int standin_mem_find(Pointer ptr, long len, byte[] name, long nameLen);
  }

  private static final List<String> FILES =
      List.of("lib64/libascendcl.so", "lib64/libruntime.so", "runtime/version.info");

  /** The install root: what {@code --ascend-home} or {@link CannOptions#withAscendHome} names. */
  public final Path home;

  private final Control control;

  private StandinCann(Path home) {
    this.home = home;
    this.control = Native.load(home.resolve("lib64/libruntime.so").toString(), Control.class);
  }

  /**
   * Copies variant {@code full}, {@code old}, {@code no-rts} or {@code json-107000} into {@code
   * dir}/{@code variant}.
   */
  public static StandinCann extract(String variant, Path dir) throws IOException {
    Path home = dir.resolve(variant);
    for (String file : FILES) {
      String resource = "/standin/" + variant + "/" + file;
      Path target = home.resolve(file);
      Files.createDirectories(target.getParent());
      try (InputStream in = StandinCann.class.getResourceAsStream(resource)) {
        assertThat(in).as("resource %s from adapter-cann-native's test-jar", resource).isNotNull();
        Files.copy(in, target);
      }
    }
    return new StandinCann(home);
  }

  /** Only this variant: nothing from the environment or the usual install paths. */
  CannOptions options() {
    return CannOptions.explicitOnly().withAscendHome(home);
  }

  /** The facade over this variant, through the real CANN component and domain strategies. */
  AicpuLaunch open() {
    return AicpuLaunch.cann(options());
  }

  /** Clears the record, the injected codes, handles, streams and device memory. */
  public void reset() {
    control.standin_reset();
  }

  /** The next call of {@code function} returns {@code rc} (after being recorded). */
  public void failNext(String function, int rc) {
    control.standin_set_rc(function, rc);
  }

  int liveAllocations() {
    return control.standin_live_allocations();
  }

  /** Which live allocation holds [{@code address}, {@code address + length}): "M3+0", say. */
  Optional<String> allocationAt(long address, long length) {
    byte[] name = new byte[48];
    int found = control.standin_mem_find(new Pointer(address), length, name, name.length);
    if (found == 0) {
      return Optional.empty();
    }
    int end = 0;
    while (end < name.length && name[end] != 0) {
      end++;
    }
    return Optional.of(new String(name, 0, end, StandardCharsets.US_ASCII));
  }

  /** Every call recorded since the last reset, in order. */
  public List<StandinCall> calls() {
    List<StandinCall> calls = new ArrayList<>();
    int n = control.standin_log_count();
    byte[] buf = new byte[1 << 16];
    for (int i = 0; i < n; i++) {
      int len = control.standin_log_entry(i, buf, buf.length);
      if (len >= buf.length) {
        buf = new byte[len + 1];
        len = control.standin_log_entry(i, buf, buf.length);
      }
      calls.add(StandinCall.parse(new String(buf, 0, len, StandardCharsets.UTF_8)));
    }
    return calls;
  }
}
