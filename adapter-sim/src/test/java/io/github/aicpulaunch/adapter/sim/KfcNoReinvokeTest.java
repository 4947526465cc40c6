package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class KfcNoReinvokeTest {
  @Test
  @DisplayName(
      "F1: with re-invoke off, a latched device never calls Init again, so a second inner"
          + " SO is never written")
  void latchedInitNotCalled() throws Exception {
    try (Simulator sim =
        Simulator.start(SimConfig.builder().chips(1).reinvokeInitWhileLatched(false).build())) {
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      byte[] dispatcher = TestSos.bytes(TestSos.DISPATCHER_A);
      byte[] first = TestSos.bytes(TestSos.KERNELS);
      byte[] second = Arrays.copyOf(first, first.length + 1);
      StreamHandle s = ports.streams().createStream();
      Bootstrap.run(ports, s, dispatcher, first, 0);
      Bootstrap.run(ports, s, dispatcher, second, 0);
      Path dir = sim.inspector().preinstallDir(0);
      assertThat(dir.resolve(Bootstrap.innerName(first, 0))).exists();
      assertThat(dir.resolve(Bootstrap.innerName(second, 0))).doesNotExist();
      assertThat(sim.inspector().deviceLog())
          .filteredOn(l -> l.text().contains("[fake-dispatcher-A] init"))
          .hasSize(1);
    }
  }
}
