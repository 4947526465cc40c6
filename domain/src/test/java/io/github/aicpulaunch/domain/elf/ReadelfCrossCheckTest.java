package io.github.aicpulaunch.domain.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the reader against GNU readelf on real shared objects of this machine and on the test
 * builder's images (which also checks the builder against the ELF specification).
 */
class ReadelfCrossCheckTest {
  private static final Path LIB = Path.of("/usr/lib/x86_64-linux-gnu");

  @BeforeAll
  static void needsReadelf() {
    assumeTrue(Readelf.available(), "readelf is not installed");
  }

  static List<Path> realSharedObjects() throws IOException {
    List<Path> found = new ArrayList<>();
    for (String name : List.of("libc.so.6", "libm.so.6")) {
      Path path = Path.of("/lib/x86_64-linux-gnu", name);
      if (Files.isRegularFile(path)) {
        found.add(path);
      }
    }
    if (Files.isDirectory(LIB)) {
      try (Stream<Path> files = Files.list(LIB)) {
        files
            .filter(p -> p.getFileName().toString().contains(".so"))
            .filter(p -> Files.isRegularFile(p) && !Files.isSymbolicLink(p))
            .filter(ReadelfCrossCheckTest::isElf)
            .sorted()
            .limit(6)
            .forEach(found::add);
      }
    }
    assumeTrue(!found.isEmpty(), "no shared objects on this machine");
    return found;
  }

  @ParameterizedTest
  @MethodSource("realSharedObjects")
  void buildIdAndExportsMatchReadelf(Path so) {
    ElfInfo info = ElfReader.read(so);

    assertThat(info.buildId().map(BuildId::hex)).isEqualTo(Readelf.buildIdHex(so));
    assertThat(new HashSet<>(info.exportedFunctions()))
        .isEqualTo(Readelf.exportedFunctions(so))
        .isNotEmpty();
    assertThat(info.exportedFunctions()).doesNotHaveDuplicates();
    assertThat(info.isSharedObject()).isTrue();
    assertThat(info.machineName()).isEqualTo("x86-64");
  }

  @Test
  void builderImagesReadTheSameInReadelf(@TempDir Path dir) throws IOException {
    for (boolean gnu : new boolean[] {false, true}) {
      ElfImageBuilder builder =
          new ElfImageBuilder()
              .buildId(ElfImageBuilder.sequence(0x10, 20))
              .function("simpler_aicpu_exec")
              .symbol("hidden", 2, 1, 2, 1)
              .function("simpler_aicpu_init");
      if (gnu) {
        builder.gnuHash();
      }
      Path file = Files.write(dir.resolve("built" + gnu + ".so"), builder.build().bytes());

      // No section headers: -D makes readelf use the dynamic segment, as the reader does.
      assertThat(Readelf.buildIdHex(file)).contains("101112131415161718191a1b1c1d1e1f20212223");
      assertThat(Readelf.exportedFunctionsFromDynamicSegment(file))
          .containsExactlyInAnyOrder("simpler_aicpu_exec", "simpler_aicpu_init");
      assertThat(ElfReader.read(file).exportedFunctions())
          .containsExactly("simpler_aicpu_exec", "simpler_aicpu_init");
    }
  }

  private static boolean isElf(Path path) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] magic = in.readNBytes(4);
      return magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L';
    } catch (IOException e) {
      return false;
    }
  }
}
