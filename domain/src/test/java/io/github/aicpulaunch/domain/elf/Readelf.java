package io.github.aicpulaunch.domain.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/** Test-only runner of GNU readelf, the independent tool the reader is checked against. */
public final class Readelf {
  private Readelf() {}

  public static boolean available() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "readelf"))) {
        return true;
      }
    }
    return false;
  }

  /** The Build ID hex that {@code readelf -n} prints, if any. */
  public static Optional<String> buildIdHex(Path file) {
    for (String line : run(List.of("readelf", "-n", "-W"), file)) {
      int at = line.indexOf("Build ID:");
      if (at >= 0) {
        return Optional.of(line.substring(at + "Build ID:".length()).trim());
      }
    }
    return Optional.empty();
  }

  /**
   * Names of the dynamic symbols {@code readelf --dyn-syms -W} lists as FUNC, GLOBAL or WEAK,
   * DEFAULT or PROTECTED, not UND; version suffixes removed.
   */
  public static Set<String> exportedFunctions(Path file) {
    return exportedFunctions(file, List.of("readelf", "-W", "--dyn-syms"));
  }

  /** The same, from the dynamic segment ({@code -D}): for images without section headers. */
  public static Set<String> exportedFunctionsFromDynamicSegment(Path file) {
    return exportedFunctions(file, List.of("readelf", "-W", "-D", "-s"));
  }

  private static Set<String> exportedFunctions(Path file, List<String> command) {
    Set<String> names = new HashSet<>();
    for (String line : run(command, file)) {
      String[] f = line.trim().split("\\s+");
      // Num: Value Size Type Bind Vis Ndx Name [(version)]
      if (f.length < 8 || !f[0].endsWith(":") || !f[3].equals("FUNC")) {
        continue;
      }
      boolean bound = f[4].equals("GLOBAL") || f[4].equals("WEAK");
      boolean visible = f[5].equals("DEFAULT") || f[5].equals("PROTECTED");
      if (bound && visible && !f[6].equals("UND")) {
        int at = f[7].indexOf('@');
        names.add(at < 0 ? f[7] : f[7].substring(0, at));
      }
    }
    return names;
  }

  /**
   * The undefined GLOBAL or WEAK dynamic symbols {@code readelf --dyn-syms -W} lists, as {@code
   * name}, {@code name@VERSION} when bound to a version, and a {@code weak } prefix for WEAK ones.
   */
  public static Set<String> imports(Path file) {
    Set<String> names = new HashSet<>();
    for (String line : run(List.of("readelf", "-W", "--dyn-syms"), file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length < 8 || !f[0].endsWith(":") || !f[6].equals("UND")) {
        continue;
      }
      if (f[4].equals("GLOBAL") || f[4].equals("WEAK")) {
        names.add((f[4].equals("WEAK") ? "weak " : "") + f[7]);
      }
    }
    return names;
  }

  /** The DT_NEEDED names {@code readelf -d} lists, in order. */
  public static List<String> needed(Path file) {
    List<String> names = new ArrayList<>();
    for (String line : run(List.of("readelf", "-W", "-d"), file)) {
      int at = line.indexOf("Shared library: [");
      if (line.contains("(NEEDED)") && at >= 0) {
        names.add(line.substring(at + "Shared library: [".length(), line.lastIndexOf(']')));
      }
    }
    return names;
  }

  /** Names of the defined OBJECT dynamic symbols {@code readelf --dyn-syms -W} lists. */
  public static Set<String> exportedData(Path file) {
    Set<String> names = new HashSet<>();
    for (String line : run(List.of("readelf", "-W", "--dyn-syms"), file)) {
      String[] f = line.trim().split("\\s+");
      if (f.length >= 8 && f[0].endsWith(":") && f[3].equals("OBJECT") && !f[6].equals("UND")) {
        names.add(f[7]);
      }
    }
    return names;
  }

  private static List<String> run(List<String> command, Path file) {
    List<String> full = new ArrayList<>(command);
    full.add(file.toString());
    try {
      Path out = Files.createTempFile("readelf", ".txt");
      try {
        Process process =
            new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("readelf finished").isTrue();
        return Files.readAllLines(out, StandardCharsets.UTF_8);
      } finally {
        Files.delete(out);
      }
    } catch (IOException e) {
      throw new AssertionError("running " + full, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + full, e);
    }
  }
}
