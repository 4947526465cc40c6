package io.github.aicpulaunch.domain.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint.Source;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DescriptorDirectoryTest {
  private static final Fingerprint FP = new Fingerprint(0x17c206da09cc6435L, Source.BUILD_ID);

  @Test
  void privateDirectoryUnderTheGivenParent(@TempDir Path parent) throws Exception {
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      assertThat(dir.directory()).isAbsolute().isDirectory().hasParent(parent.toAbsolutePath());
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.directory())))
          .isEqualTo("rwx------");
    }
  }

  @Test
  @DisplayName(
      "issue 17: named after the owner's pid; creating one deletes those of dead owners, not of"
          + " live ones nor other names")
  void sweepsDirectoriesOfDeadOwners(@TempDir Path parent) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    long dead = gone.pid();
    long live = ProcessHandle.current().pid();
    Path deadDir = Files.createDirectory(parent.resolve("aicpu-launch-" + dead + "-123"));
    Files.writeString(deadDir.resolve("op_0123456789abcdef_0_1.json"), "{}");
    Path liveDir = Files.createDirectory(parent.resolve("aicpu-launch-" + live + "-456"));
    Path other = Files.createDirectory(parent.resolve("aicpu-launch-notapid-789"));
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      assertThat(dir.directory().getFileName().toString()).startsWith("aicpu-launch-" + live + "-");
      assertThat(deadDir).doesNotExist();
      assertThat(liveDir).isDirectory();
      assertThat(other).isDirectory();
    }
  }

  @Test
  void defaultParentIsJavaIoTmpdir() {
    try (DescriptorDirectory dir = DescriptorDirectory.create()) {
      assertThat(dir.directory().getParent())
          .isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
    }
  }

  @Test
  @DisplayName("F7: absolute, ends in .json, the only dot in the file name; unique over 1000 calls")
  void pathsAreAbsoluteJsonAndUnique(@TempDir Path parent) {
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      Set<Path> seen = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        Path path = dir.newDescriptorPath(FP, i % 2);
        assertThat(path).isAbsolute();
        assertThat(path.getParent()).isEqualTo(dir.directory());
        String name = path.getFileName().toString();
        assertThat(name).endsWith(".json").contains(FP.hex());
        assertThat(name.indexOf('.')).isEqualTo(name.length() - 5);
        assertThat(seen.add(path)).as(name).isTrue();
      }
    }
  }

  @Test
  void uniqueAcrossThreads(@TempDir Path parent) throws Exception {
    Set<Path> seen = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 250; i++) {
                    seen.add(dir.newDescriptorPath(FP, 0));
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }
    assertThat(seen).hasSize(2000);
  }

  @Test
  void twoDirectoriesNeverShareAPath(@TempDir Path parent) {
    try (DescriptorDirectory a = DescriptorDirectory.createUnder(parent);
        DescriptorDirectory b = DescriptorDirectory.createUnder(parent)) {
      assertThat(a.directory()).isNotEqualTo(b.directory());
      assertThat(a.newDescriptorPath(FP, 0)).isNotEqualTo(b.newDescriptorPath(FP, 0));
    }
  }

  @Test
  void closeRemovesEveryFileAndTheDirectory(@TempDir Path parent) throws Exception {
    DescriptorDirectory dir = DescriptorDirectory.createUnder(parent);
    Path one = Files.writeString(dir.newDescriptorPath(FP, 0), "{}");
    Files.writeString(dir.directory().resolve(".leftover.tmp"), "partial");
    dir.discard(one);
    assertThat(one).doesNotExist();
    Files.writeString(dir.newDescriptorPath(FP, 1), "{}");

    dir.close();

    assertThat(dir.directory()).doesNotExist();
    dir.close(); // idempotent
    assertThatThrownBy(() -> dir.newDescriptorPath(FP, 0))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void discardRefusesPathsElsewhere(@TempDir Path parent) {
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      assertThatThrownBy(() -> dir.discard(parent.resolve("x.json")))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void unwritableParentIsATypedErrorNamingIt(@TempDir Path parent) {
    Path missing = parent.resolve("does/not/exist");
    assertThatThrownBy(() -> DescriptorDirectory.createUnder(missing))
        .isInstanceOfSatisfying(
            DescriptorFileException.class, e -> assertThat(e.path()).isEqualTo(missing))
        .hasMessageContaining(missing.toString());
  }

  @Test
  void negativeDevice(@TempDir Path parent) {
    try (DescriptorDirectory dir = DescriptorDirectory.createUnder(parent)) {
      assertThatThrownBy(() -> dir.newDescriptorPath(FP, -2))
          .isInstanceOf(io.github.aicpulaunch.ports.InvalidRequestException.class);
    }
  }
}
