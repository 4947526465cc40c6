package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.out.CannVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads the CANN version from the {@code version.info} files an install ships ({@code
 * runtime/version.info}, {@code compiler/version.info}, ..., with a line {@code Version=9.0.0}),
 * beside the loaded {@code libruntime.so} only ({@link LibraryLocator#versionDirs}). The fallback
 * for CANN before 9.0.0, which has no {@code aclsysGetVersionStr}.
 */
final class VersionFiles {
  static final List<String> CANDIDATES =
      List.of(
          "runtime/version.info",
          "compiler/version.info",
          "version.info",
          "share/info/runtime/version.info",
          "share/info/compiler/version.info");

  /**
   * A version and where it came from.
   *
   * @param version the parsed version
   * @param source a file path or a C function
   */
  record Found(CannVersion version, String source) {}

  private VersionFiles() {}

  /** The first parseable {@code Version=} line under the given folders, in order. */
  static Optional<Found> read(List<Path> homes) {
    for (Path home : homes) {
      for (String candidate : CANDIDATES) {
        Path file = home.resolve(candidate);
        if (Files.isRegularFile(file)) {
          Optional<CannVersion> v = parse(file);
          if (v.isPresent()) {
            return Optional.of(new Found(v.get(), file.toString()));
          }
        }
      }
    }
    return Optional.empty();
  }

  static Optional<CannVersion> parse(Path file) {
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        Optional<CannVersion> v = parseLine(line);
        if (v.isPresent()) {
          return v;
        }
      }
    } catch (IOException e) {
      // An unreadable file is like a missing one: the next candidate may do.
    }
    return Optional.empty();
  }

  static Optional<CannVersion> parseLine(String line) {
    int eq = line.indexOf('=');
    if (eq < 0 || !line.substring(0, eq).strip().equalsIgnoreCase("Version")) {
      return Optional.empty();
    }
    return parseText(line.substring(eq + 1));
  }

  /** A version string as CANN reports it, or empty for one that is not a version. */
  static Optional<CannVersion> parseText(String text) {
    try {
      return Optional.of(CannVersion.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
