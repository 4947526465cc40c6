package io.github.aicpulaunch.benchmarks.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class LauncherJvmTest {
  @Test
  @DisplayName("the fresh-process target row's forks use the shipped wrapper's JVM options")
  void sameOptionsAsTheWrapper() throws IOException {
    // The module's tests run in benchmarks/; the wrapper is at the repository root.
    Path wrapper = Path.of("..", "aicpu-launch");
    String line =
        Files.readAllLines(wrapper).stream()
            .filter(l -> l.startsWith("opts=("))
            .findFirst()
            .orElseThrow();
    List<String> options =
        Arrays.asList(line.substring("opts=(".length(), line.lastIndexOf(')')).split("\\s+"));
    assertThat(LauncherJvm.OPTIONS).isEqualTo(options);
  }

  @Test
  @DisplayName("the archive goes with the archive file's option, after the wrapper's options")
  void archiveOption() {
    Path archive = Path.of("/tmp/b.jsa");
    assertThat(LauncherJvm.options(Optional.of(archive)))
        .endsWith("-XX:SharedArchiveFile=" + archive)
        .startsWith(LauncherJvm.OPTIONS.toArray(String[]::new));
    assertThat(LauncherJvm.options(Optional.empty())).isEqualTo(LauncherJvm.OPTIONS);
    assertThat(LauncherJvm.archiveFor(Path.of("/x/target/benchmarks.jar")).getFileName().toString())
        .startsWith("benchmarks-")
        .endsWith(".jsa");
  }
}
