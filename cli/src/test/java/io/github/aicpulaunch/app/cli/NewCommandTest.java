package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code aicpu-launch new}: what it writes, and what it refuses (FirstRuntimeDocTest builds it).
 */
class NewCommandTest {
  @TempDir Path tmp;

  private final Cli cli = new Cli();
  private final StringWriter out = cli.out;
  private final StringWriter err = cli.err;

  private int run(String... args) {
    return cli.run(args);
  }

  private List<String> listing(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .map(p -> dir.relativize(p).toString())
          .sorted()
          .toList();
    }
  }

  @Test
  @DisplayName("creates the kernel, the headers from the jar, CMake files and the data generator")
  void createsTheProject() throws Exception {
    Path dir = tmp.resolve("proj");
    assertThat(run("new", "histogram", "--dir", dir.toString())).as(err.toString()).isZero();
    assertThat(listing(dir))
        .containsExactly(
            ".gitignore",
            "CMakeLists.txt",
            "README.md",
            "cmake/aarch64.cmake",
            "include/aicpu_block.h",
            "include/aicpu_card_glibc.h",
            "include/aicpu_device.h",
            "include/aicpu_kernel.h",
            "src/histogram.c",
            "tools/make_data.c");
    assertThat(Files.readString(dir.resolve("CMakeLists.txt")))
        .contains("project(histogram C)")
        .contains("aarch64-target-linux-gnu-gcc")
        .contains("aarch64-linux-gnu-gcc")
        .doesNotContain("@NAME@");
    assertThat(Files.readString(dir.resolve("src/histogram.c")))
        .contains("AICPU_ENTRY uint32_t simpler_aicpu_init(void *args)")
        .contains("AICPU_ENTRY uint32_t simpler_aicpu_exec(void *args)")
        .doesNotContain("@NAME@");
    assertThat(out.toString())
        .contains("Created histogram in " + dir)
        // without aicpu-launch on PATH the project has no tests, which plain ctest calls a pass
        .contains("  ctest --test-dir " + dir + "/build --output-on-failure --no-tests=error");
    try (Stream<Path> siblings = Files.list(tmp)) {
      assertThat(siblings.map(p -> p.getFileName().toString())).containsExactly("proj");
    }
  }

  @Test
  @DisplayName("an existing empty directory is used; a non-empty one is refused and left as it was")
  void refusesANonEmptyDirectory() throws Exception {
    Path empty = Files.createDirectory(tmp.resolve("empty"));
    assertThat(run("new", "k1", "--dir", empty.toString())).isZero();
    assertThat(empty.resolve("src/k1.c")).exists();

    Path full = Files.createDirectory(tmp.resolve("full"));
    Files.writeString(full.resolve("mine.c"), "my work");
    assertThat(run("new", "k2", "--dir", full.toString())).isEqualTo(1);
    assertThat(err.toString()).contains(full + " is not empty, and nothing in it is overwritten");
    assertThat(listing(full)).containsExactly("mine.c");
    assertThat(Files.readString(full.resolve("mine.c"))).isEqualTo("my work");

    Path file = Files.writeString(tmp.resolve("afile"), "x");
    assertThat(run("new", "k3", "--dir", file.toString())).isEqualTo(1);
    assertThat(err.toString()).contains("exists and is not a directory");
  }

  @Test
  @DisplayName("NAME must be a C identifier and not a name CMake or the project reserves")
  void validatesTheName() {
    for (String bad : List.of("1st", "my-kernel", "a b", "x/y", "")) {
      err.getBuffer().setLength(0);
      assertThat(run("new", bad, "--dir", tmp.resolve("d").toString())).as(bad).isEqualTo(64);
      assertThat(err.toString()).as(bad).contains("is not a C identifier");
    }
    assertThat(run("new", "test", "--dir", tmp.resolve("d").toString())).isEqualTo(64);
    assertThat(err.toString()).contains("'test' is a target or test name");
    assertThat(tmp.resolve("d")).doesNotExist();
  }
}
