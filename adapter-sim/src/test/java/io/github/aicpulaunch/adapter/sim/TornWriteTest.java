package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TornWriteTest {
  @Test
  @DisplayName(
      "F4, F3: a torn SO in the preinstall directory takes the chip down when loaded:"
          + " 507018, then both dies are poisoned (507899)")
  void tornWriteFaultsTheChip() throws Exception {
    try (Simulator sim = Simulator.start(SimConfig.builder().chips(2).build())) {
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      byte[] inner = TestSos.bytes(TestSos.KERNELS);
      sim.injectFaults(0, SimFault.TORN_WRITE);
      StreamHandle s = ports.streams().createStream();
      Bootstrap.run(ports, s, TestSos.bytes(TestSos.DISPATCHER_A), inner, 0);
      sim.injectFaults(0);
      Path file = sim.inspector().preinstallDir(0).resolve(Bootstrap.innerName(inner, 0));
      assertThat(Files.size(file)).isEqualTo(inner.length / 2);

      TestSos.launchType2(
          ports, s, file.getFileName().toString(), "sim_blocks", 1, TestSos.withBlocks(1, 8));
      assertThatThrownBy(() -> ports.streams().synchronize(s))
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507018);
      assertThat(sim.inspector().poisoned(0)).isTrue();
      assertThat(sim.inspector().poisoned(1)).isTrue();
      ports.devices().setDevice(1);
      assertThatThrownBy(() -> ports.memory().malloc(64))
          .isInstanceOf(CannCallException.DevicePoisoned.class)
          .extracting(t -> ((CannCallException) t).code())
          .isEqualTo(507899);
    }
  }
}
