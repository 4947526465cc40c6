package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F8: the rts-json descriptors never live at a predictable shared {@code /tmp} name. Each facade
 * writes them in its own owner-only directory with an unpredictable name, and a symlink planted at
 * a descriptor's name is replaced, never followed.
 */
class DescriptorSafetyTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("F8: each facade's descriptor directory is private (rwx------) and unpredictable")
  void privateUnpredictableDirectory() throws Exception {
    try (AicpuLaunch one = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
        AicpuLaunch two = AicpuLaunch.simulator(SimConfig.builder().chips(1).build())) {
      for (Path dir : new Path[] {one.descriptorDirectory(), two.descriptorDirectory()}) {
        assertThat(dir).isAbsolute().isDirectory();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
            .isEqualTo("rwx------");
      }
      assertThat(one.descriptorDirectory()).isNotEqualTo(two.descriptorDirectory());
      assertThat(one.descriptorDirectory().getFileName().toString())
          .isNotEqualTo(two.descriptorDirectory().getFileName().toString());
    }
  }

  @Test
  @DisplayName(
      "F8: symlinks planted at the next descriptor names are replaced, the files they point to"
          + " stay untouched, and close leaves only the links it never used")
  void plantedSymlinksAreNotFollowed() throws Exception {
    Path so = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious", StandardCharsets.UTF_8);
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build())) {
      String fp;
      // direct-aicpu registers no descriptor, so the directory's sequence is still at its start
      try (Session s = aicpu.open(DeviceSos.open(0, so, "direct-aicpu", DeviceSos.SHORT))) {
        fp = s.info().fingerprint();
      }
      Path dir = aicpu.descriptorDirectory();
      for (int n = 1; n <= 4; n++) {
        Files.createSymbolicLink(dir.resolve("op_" + fp + "_0_" + n + ".json"), victim);
      }
      try (Session s = aicpu.open(DeviceSos.open(0, so, "rts-json", DeviceSos.SHORT))) {
        DeviceSos.addAndVerify(s, 96, 3, 1f);
        Path first = dir.resolve("op_" + fp + "_0_1.json");
        assertThat(Files.isSymbolicLink(first)).as("the planted link was replaced").isFalse();
        assertThat(first).isRegularFile();
        assertThat(Files.readString(first, StandardCharsets.UTF_8)).contains("simpler_aicpu_exec");
      }
      assertThat(Files.readString(victim, StandardCharsets.UTF_8)).isEqualTo("precious");
      try (Stream<Path> left = Files.list(dir)) {
        assertThat(left.map(Path::getFileName).map(Path::toString))
            .as("only the planted links the registration did not use")
            .allMatch(name -> Files.isSymbolicLink(dir.resolve(name)));
      }
    }
  }
}
