package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimFault;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.adapter.sim.Simulator;
import io.github.aicpulaunch.app.wiring.SimComponent;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The legacy-kfc pair end to end (PROTOCOL §3.3 (a), docs/ABI.md "Legacy KFC launch"): the example
 * legacy runtime goes to CANN's KFC library itself, which latches it, and every task reaches its
 * {@code DynTileFwkBackendKernelServer} through the 304-byte blob.
 */
class LegacyKfcEndToEndTest {
  /** The one entry a legacy KFC launch reaches (docs/ABI.md). */
  private static final String SERVER = "DynTileFwkBackendKernelServer";

  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private SimInspector inspector;
  private Simulator simulator;
  private Path legacy;
  private String fp;

  @BeforeEach
  void start() throws Exception {
    aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(2).build());
    inspector = aicpu.simInspector().orElseThrow();
    simulator = ((SimComponent) aicpu.component()).simulator();
    legacy = TestSos.packaged(tmp, TestSos.LEGACY);
    fp = TestSos.fingerprint(legacy);
  }

  @AfterEach
  void stop() {
    aicpu.close();
  }

  private static OpenSessionCommand open(
      Path so, List<String> entries, @Nullable String deployment) {
    return new OpenSessionCommand(0, so, entries, deployment, null, TimeoutChain.DEFAULT);
  }

  @Test
  @DisplayName("legacy-kfc: the policy pairs the launch with the deployment; 6 launches, all right")
  void runsTheVectorAddThroughTheKfcLibrary() throws Exception {
    try (Session s = aicpu.open(open(legacy, List.of(SERVER), "legacy-kfc"))) {
      assertThat(s.info().deployment()).isEqualTo("legacy-kfc");
      assertThat(s.info().launch()).isEqualTo("legacy-kfc");
      assertThat(s.info().fingerprint()).isEqualTo(fp);
      assertThat(s.info().policyReason()).contains("deployment legacy-kfc (requested)");
      // More launches than the launcher's 4 payload slots: the ring wraps and reuses slots.
      for (int i = 0; i < 6; i++) {
        TestSos.addAndVerify(s, SERVER, 1000 + 37 * i, 3, 1.5f * i - 4f);
      }
    }
    Path latched = inspector.latchedKfcSo(0).orElseThrow();
    assertThat(Files.readAllBytes(latched))
        .as("the KFC library latched the runtime SO itself")
        .isEqualTo(Files.readAllBytes(legacy));
    try (var files = Files.list(inspector.preinstallDir(0))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("nothing goes into the preinstall directory")
          .noneMatch(name -> name.contains(fp));
    }
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("F1: reopening needs no second bootstrap; other runtimes are refused on the device")
  void oneRuntimePerDevice() throws Exception {
    try (Session s = aicpu.open(open(legacy, List.of(SERVER), "legacy-kfc"))) {
      TestSos.addAndVerify(s, SERVER, 512, 3, 1f);
    }
    long osPid = inspector.aicpuOsPid(0);
    // Every device launch now crashes the chip: a reopen that bootstrapped again would fail here.
    simulator.injectFaults(0, SimFault.DEVICE_CRASH);
    Session again = aicpu.open(open(legacy, List.of(SERVER), "legacy-kfc"));
    simulator.injectFaults(0);
    try (again) {
      assertThat(again.info().deployment()).isEqualTo("legacy-kfc");
      assertThat(again.info().launch()).isEqualTo("legacy-kfc");
      TestSos.addAndVerify(again, SERVER, 700, 3, 2f);
    }
    assertThat(inspector.aicpuOsPid(0)).as("the chip never went down").isEqualTo(osPid);

    Path vector = TestSos.packaged(tmp, TestSos.VECTOR);
    Path checksum = TestSos.packaged(tmp, TestSos.CHECKSUM);
    for (Path other : List.of(vector, checksum)) {
      for (String deployment : Arrays.asList("legacy-kfc", null)) {
        assertThatThrownBy(
                () -> aicpu.open(open(other, OpenSessionCommand.DEFAULT_ENTRIES, deployment)))
            .as("%s with deployment %s", other.getFileName(), deployment)
            .isInstanceOfSatisfying(
                InvalidRequestException.class,
                e ->
                    assertThat(e.getMessage())
                        .contains("already latched runtime SO " + legacy)
                        .contains("(F1)")
                        .contains("dispatch-through")
                        .contains("another process"));
        assertThat(inspector.streamsAlive()).as("refused before any device call").isZero();
        assertThat(inspector.deviceMemoryHandlesInUse(0)).isZero();
      }
    }

    // The latch belongs to die 0 only: die 1 still runs the vector runtime the default way.
    try (Session s = aicpu.open(OpenSessionCommand.of(1, vector))) {
      assertThat(s.info().deployment()).isEqualTo("dispatcher-upload");
      TestSos.addAndVerify(s, 256, 2, 0.5f);
    }
  }

  @Test
  @DisplayName("control for the reopen: the crash fault does stop an open that bootstraps")
  void crashFaultStopsABootstrap() {
    simulator.injectFaults(0, SimFault.DEVICE_CRASH);
    assertThatThrownBy(
            () ->
                aicpu.open(
                    new OpenSessionCommand(
                        0, legacy, List.of(SERVER), "legacy-kfc", null, TimeoutChain.FAST_FAIL)))
        .isInstanceOf(CannCallException.class);
  }
}
