package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.LoadOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles are files in the shape {@code doctor --json} writes: the built-in ones are resources
 * loaded like any file, a file measured on a card drives the simulator, and a file that is not a
 * profile is refused naming what is wrong.
 */
class SimProfileTest {
  @TempDir Path dir;

  private static final String DESCRIPTOR =
      """
      {"op_x": {"opInfo": {"functionName": "f", "kernelSo": "libk.so",
                           "opKernelLib": "AICPUKernel", "userDefined": "False"}}}
      """;

  private static String file(String profile) {
    return "{\"cann\": {\"available\": true}, \"profile\": " + profile + "}";
  }

  @Test
  @DisplayName("the built-in profiles are resource files, loaded the way a card's file is")
  void builtInsComeFromTheirFiles() {
    assertThat(SimProfile.of("8.5.0")).isSameAs(SimProfile.CANN_8_5_0);
    assertThat(SimProfile.CANN_8_5_0.version()).isEqualTo(CannVersion.parse("8.5.0"));
    assertThat(SimProfile.CANN_8_5_0.jsonLoaderWorks()).isFalse();
    assertThat(SimProfile.CANN_8_5_0.capabilities()).isEqualTo(EnumSet.allOf(Capability.class));
    assertThat(SimProfile.CANN_8_5_0.source()).contains("seed issue");
    assertThat(SimProfile.CANN_9_0_0.jsonLoaderWorks()).isTrue();
    assertThat(SimProfile.CANN_9_0_0.watchdogError()).isEqualTo(CannError.AICPU_EXCEPTION);
    assertThat(SimProfile.CANN_9_1.socName()).isEqualTo("Ascend950");
    assertThat(SimProfile.CANN_9_1.watchdogError()).isEqualTo(CannError.INTERNAL_ERROR);
    for (SimProfile p :
        new SimProfile[] {SimProfile.CANN_8_5_0, SimProfile.CANN_9_0_0, SimProfile.CANN_9_1}) {
      SimProfile again = SimProfile.parse(file(p.toJson()), p.name());
      assertThat(again).as("%s written and read back", p.name()).isEqualTo(p);
    }
  }

  @Test
  @DisplayName("a profile measured elsewhere drives the simulator: its version, SoC and loader")
  void aFileDrivesTheSimulator() throws Exception {
    SimProfile measured =
        SimProfile.measured(
            "doctor --backend cann on a test bench",
            CannVersion.parse("9.0.1"),
            "Ascend910B4",
            EnumSet.allOf(Capability.class),
            107000,
            SimProfile.watchdogErrorFor("Ascend910B4"));
    Path profile = Files.writeString(dir.resolve("card.json"), file(measured.toJson()));
    Path json = Files.writeString(dir.resolve("op.json"), DESCRIPTOR);

    try (Simulator sim =
        Simulator.start(SimConfig.builder().chips(1).profile(profile.toString()).build())) {
      CannPorts ports = sim.ports();
      assertThat(ports.runtime().info().version().text()).isEqualTo("9.0.1");
      assertThat(ports.runtime().info().socName()).isEqualTo("Ascend910B4");
      ports.devices().setDevice(0);
      assertThatThrownBy(
              () ->
                  ports
                      .binaries()
                      .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY)))
          .isInstanceOfSatisfying(
              CannCallException.class, e -> assertThat(e.code()).isEqualTo(107000));
    }
    assertThat(SimConfig.builder().profile(profile).build().profile().name())
        .isEqualTo("card.json");
  }

  @Test
  void whatIsNotAProfileIsRefusedNamingTheProblem() {
    assertThatThrownBy(() -> SimProfile.parse("{\"cann\": {}}", "x.json"))
        .hasMessageContaining("x.json has no \"profile\" object");
    assertThatThrownBy(() -> SimProfile.parse("[1", "y.json"))
        .hasMessageContaining("y.json is not a profile");
    String unknown =
        file(
            "{\"format\": 1, \"source\": \"s\", \"version\": \"9.0.0\", \"socName\": \"A\","
                + " \"capabilities\": [\"WARP_DRIVE\"], \"watchdogCode\": 507018}");
    assertThatThrownBy(() -> SimProfile.parse(unknown, "z.json"))
        .hasMessageContaining("unknown capability \"WARP_DRIVE\"");
    String otherCode =
        file(
            "{\"format\": 1, \"source\": \"s\", \"version\": \"9.0.0\", \"socName\": \"A\","
                + " \"capabilities\": [\"RTS_BINARY_LOAD\"], \"jsonLoader\": {\"accepted\": false,"
                + " \"cannCode\": 207000}, \"watchdogCode\": 507018}");
    assertThatThrownBy(() -> SimProfile.parse(otherCode, "w.json"))
        .hasMessageContaining("refused with 207000")
        .hasMessageContaining("107000 only");
    String noVerdict =
        file(
            "{\"format\": 1, \"source\": \"s\", \"version\": \"9.0.0\", \"socName\": \"A\","
                + " \"capabilities\": [\"RTS_BINARY_LOAD\"], \"watchdogCode\": 507018}");
    assertThatThrownBy(() -> SimProfile.parse(noVerdict, "v.json"))
        .hasMessageContaining("no \"jsonLoader\" verdict");
    assertThatThrownBy(() -> SimProfile.of("7.0")).hasMessageContaining("8.5.0, 9.0.0 or 9.1");
    assertThatThrownBy(
            () ->
                SimProfile.measured(
                    "s",
                    CannVersion.parse("9.0.0"),
                    "A",
                    Set.of(),
                    207000,
                    CannError.AICPU_EXCEPTION))
        .hasMessageContaining("107000 only");
  }
}
