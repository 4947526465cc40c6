package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.AicpuLaunchException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A machine the simulator cannot run on gets a typed exception with a hint before any process is
 * started, never a bare {@code IllegalStateException}. The platform is what the JVM reports, so the
 * test changes what it reports and restores it.
 */
class SimulatorUnavailableTest {
  private String osName = "";
  private String osArch = "";

  @BeforeEach
  void remember() {
    osName = System.getProperty("os.name");
    osArch = System.getProperty("os.arch");
  }

  @AfterEach
  void restore() {
    System.setProperty("os.name", osName);
    System.setProperty("os.arch", osArch);
  }

  @Test
  void anotherArchitectureIsRefusedWithTheWayOut() {
    System.setProperty("os.arch", "ppc64le");

    assertThatThrownBy(() -> Simulator.start(SimConfig.builder().build()))
        .isInstanceOf(SimulatorUnavailableException.class)
        .isInstanceOf(AicpuLaunchException.class)
        .hasMessageContaining("cannot run on this machine")
        .hasMessageContaining("linux-x86-64 only")
        .hasMessageContaining("ppc64le")
        .extracting(e -> ((AicpuLaunchException) e).hint())
        .asString()
        .contains("Linux x86-64")
        .contains("CANN backend");
  }

  @Test
  void anotherOperatingSystemIsRefused() {
    System.setProperty("os.name", "Mac OS X");
    System.setProperty("os.arch", "x86_64");

    assertThatThrownBy(() -> Simulator.start(SimConfig.builder().build()))
        .isInstanceOf(SimulatorUnavailableException.class)
        .hasMessageContaining("mac os x/x86_64");
  }
}
