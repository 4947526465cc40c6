package io.github.aicpulaunch.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Defect found by benchmarking (docs/PERFORMANCE.md, "Found while benchmarking"): every fingerprint
 * and every session open memory-mapped the runtime SO and left the unmapping to the garbage
 * collector, so about 65,000 of them between two collections exhausted {@code vm.max_map_count} and
 * then every {@code mmap} in the JVM failed. Reading a file must leave no mapping behind, which
 * {@code /proc/self/maps} shows directly: one line per mapping.
 */
class ReadWithoutMappingTest {
  /** Mappings other threads (JIT, GC) may add meanwhile; a leak adds one per read. */
  private static final int SLACK = 64;

  private static final Path MAPS = Path.of("/proc/self/maps");

  @TempDir Path dir;

  private static int mappings() throws IOException {
    List<String> lines = Files.readAllLines(MAPS);
    return lines.size();
  }

  @Test
  void fingerprintingMoreTimesThanTheMappingLimitLeavesNoMapping() throws Exception {
    assumeTrue(Files.isReadable(MAPS), "needs Linux's /proc/self/maps to count mappings");
    Path withId =
        Files.write(
            dir.resolve("with-id.so"),
            new ElfImageBuilder()
                .buildId(ElfImageBuilder.sequence(0x10, 20))
                .function("f")
                .build()
                .bytes());
    Path withoutId =
        Files.write(dir.resolve("no-id.so"), new ElfImageBuilder().function("f").build().bytes());
    Fingerprints.ofFile(withId);
    Fingerprints.ofFile(withoutId);
    ReadSo.of(withId);
    int before = mappings();

    for (int i = 0; i < 70_000; i++) {
      Fingerprints.ofFile(withId);
    }
    for (int i = 0; i < 10_000; i++) {
      Fingerprints.ofFile(withoutId);
      ReadSo.of(withId);
    }

    assertThat(mappings()).isLessThanOrEqualTo(before + SLACK);
    assertThat(Fingerprints.ofFile(withId).source()).isEqualTo(Fingerprint.Source.BUILD_ID);
  }
}
