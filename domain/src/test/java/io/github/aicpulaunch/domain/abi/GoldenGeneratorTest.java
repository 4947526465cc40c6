package io.github.aicpulaunch.domain.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed golden files are what the committed generator produces, and its static_asserts
 * still hold. Skipped where no C compiler is installed; the golden-byte tests still run there.
 */
class GoldenGeneratorTest {

  @Test
  @DisplayName("F11: testdata/abi/*.bin are current with gen_abi_golden.c")
  void committedGoldenFilesMatchAFreshGeneratorRun(@TempDir Path tmp)
      throws IOException, InterruptedException {
    assumeTrue(run(tmp, "cc", "--version") == 0, "no C compiler (cc) on PATH");
    Path abi = Path.of(System.getProperty("aicpu.testdata"), "abi");
    Path gen = tmp.resolve("gen");
    Path out = Files.createDirectory(tmp.resolve("out"));

    assertThat(
            run(
                tmp,
                "cc",
                "-std=c11",
                "-Wall",
                "-Wextra",
                "-Werror",
                "-o",
                gen.toString(),
                abi.resolve("gen_abi_golden.c").toString()))
        .as("the generator compiles with every static_assert holding (see %s)", tmp.resolve("log"))
        .isZero();
    assertThat(run(tmp, gen.toString(), out.toString())).isZero();

    List<String> written;
    try (Stream<Path> files = Files.list(out)) {
      written = files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
    List<String> committed;
    try (Stream<Path> files = Files.list(abi)) {
      committed =
          files
              .map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".bin"))
              .sorted()
              .collect(Collectors.toList());
    }
    // Every committed file is written by the generator and the other way round; the files of
    // CANN's own structures are checked by adapter-cann-native's CannStructsGoldenTest.
    assertThat(written).containsExactlyElementsOf(committed);
    assertThat(written)
        .containsAll(
            Stream.concat(
                    Golden.ALL.stream().map(Golden.Struct::file), Golden.COMPOSITE_FILES.stream())
                .collect(Collectors.toList()));
    for (String file : written) {
      assertThat(Files.readAllBytes(out.resolve(file)))
          .as("%s differs from a fresh generator run; regenerate (testdata/abi/README.md)", file)
          .isEqualTo(Files.readAllBytes(abi.resolve(file)));
    }
  }

  private static int run(Path dir, String... command) throws IOException, InterruptedException {
    Process p;
    try {
      p =
          new ProcessBuilder(command)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("log").toFile())
              .start();
    } catch (IOException notInstalled) {
      Files.writeString(dir.resolve("log"), notInstalled.toString(), StandardCharsets.UTF_8);
      return -1;
    }
    if (!p.waitFor(2, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
