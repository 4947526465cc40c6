package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Chips, dies, logical and physical ids, configurable preinstall directories. */
class TopologyTest {
  @Test
  @DisplayName(
      "F26, F3b: visible devices map logical to physical ids; dies of one chip share a"
          + " preinstall directory and an AICPU OS, other chips do not")
  void logicalToPhysical(@TempDir Path own) throws Exception {
    SimConfig config =
        SimConfig.builder().chips(2, 1).visibleDevices(2, 1, 0).preinstallDir(1, own).build();
    try (Simulator sim = Simulator.start(config)) {
      CannPorts ports = sim.ports();
      assertThat(ports.devices().deviceCount()).isEqualTo(3);
      assertThat(ports.runtime().physicalDeviceId(0)).hasValue(2);
      assertThat(ports.runtime().physicalDeviceId(1)).hasValue(1);
      assertThat(ports.runtime().physicalDeviceId(3)).isEmpty();
      var inspector = sim.inspector();
      assertThat(inspector.chipOf(0)).isEqualTo(1);
      assertThat(inspector.chipOf(1)).isEqualTo(0);
      assertThat(inspector.chipOf(2)).isEqualTo(0);
      assertThat(inspector.preinstallDir(1)).isEqualTo(own);
      assertThat(inspector.preinstallDir(0)).isNotEqualTo(own);
      assertThat(inspector.aicpuOsPid(0)).isNotEqualTo(inspector.aicpuOsPid(1));
      assertThatThrownBy(() -> ports.devices().setDevice(3))
          .isInstanceOf(CannCallException.InvalidArgument.class)
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(107001);
    }
    assertThat(own).exists();
  }

  @Test
  @DisplayName("F37: device state is isolated: memory on one die does not count on its pair")
  void perDeviceState() {
    try (Simulator sim = Simulator.start(SimConfig.builder().chips(2).build())) {
      CannPorts ports = sim.ports();
      ports.devices().setDevice(1);
      var p = ports.memory().malloc(1000);
      assertThat(sim.inspector().deviceMemoryBytesInUse(1)).isEqualTo(1024);
      assertThat(sim.inspector().deviceMemoryBytesInUse(0)).isZero();
      ports.devices().resetDevice(1);
      assertThat(sim.inspector().deviceMemoryHandlesInUse(1)).isZero();
      assertThat(p.address()).isPositive();
    }
  }

  @Test
  @DisplayName("configuration errors name the rule")
  void configValidation() {
    assertThatThrownBy(() -> SimConfig.builder().chips(3).build()).hasMessageContaining("1 or 2");
    assertThatThrownBy(() -> SimConfig.builder().chips(1).visibleDevices(1).build())
        .hasMessageContaining("physical ids are 0..0");
    assertThatThrownBy(
            () ->
                Simulator.start(
                    SimConfig.builder().preinstallDir(0, Path.of("/nonexistent/dir")).build()))
        .hasMessageContaining("does not exist");
    assertThat(Files.isDirectory(Path.of("/nonexistent/dir"))).isFalse();
  }

  @Test
  @DisplayName(
      "issue 17: a preinstall directory that is a file or missing is refused naming what it is,"
          + " before the private directory exists")
  void preinstallDirValidatedFirst(@TempDir Path tmp) throws Exception {
    Path file = Files.write(tmp.resolve("file"), new byte[1]);
    Path javaTmp = NativeFiles.tmpdir();
    String mine = OwnedTempFiles.prefix("aicpu-sim-");
    List<String> before = names(javaTmp, mine);
    assertThatThrownBy(() -> Simulator.start(SimConfig.builder().preinstallDir(0, file).build()))
        .hasMessageContaining(file + " of chip 0 is a regular file, not a directory");
    assertThatThrownBy(
            () ->
                Simulator.start(SimConfig.builder().preinstallDir(0, tmp.resolve("none")).build()))
        .hasMessageContaining("does not exist");
    assertThat(names(javaTmp, mine)).as("this JVM's private directories").isEqualTo(before);
  }

  @Test
  @DisplayName(
      "issue 17: temporary files are named by the owner's pid; the sweep deletes dead owners' only")
  void sweepDeletesDeadOwnersOnly(@TempDir Path tmp) throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Path dead = Files.createDirectories(tmp.resolve("aicpu-sim-" + gone.pid() + "-1/chip0"));
    Path live = Files.createDirectory(tmp.resolve(OwnedTempFiles.prefix("aicpu-sim-") + "2"));
    Path nativeDir = Files.createDirectory(tmp.resolve("aicpu-sim-native-" + gone.pid() + "-3"));
    assertThat(OwnedTempFiles.owner(live.getFileName().toString(), "aicpu-sim-"))
        .isEqualTo(ProcessHandle.current().pid());
    assertThat(OwnedTempFiles.owner(nativeDir.getFileName().toString(), "aicpu-sim-"))
        .isEqualTo(-1);

    assertThat(OwnedTempFiles.sweep(tmp, "aicpu-sim-", "aicpu-sim-*")).isEqualTo(1);
    assertThat(dead.getParent()).doesNotExist();
    assertThat(live).isDirectory();
    assertThat(nativeDir).as("another kind, swept by its own owner's kind").isDirectory();
    assertThat(OwnedTempFiles.sweep(tmp, "aicpu-sim-native-", "aicpu-sim-native-*")).isEqualTo(1);
    assertThat(nativeDir).doesNotExist();
  }

  private static List<String> names(Path dir, String prefix) throws Exception {
    try (var entries = Files.list(dir)) {
      return entries
          .map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith(prefix))
          .sorted()
          .toList();
    }
  }
}
