package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.wiring.BackendComponent;
import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.RuntimeSoValidator;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.session.BackendLifecycle;
import io.github.aicpulaunch.domain.session.DeviceUsers;
import io.github.aicpulaunch.domain.session.DispatcherSo;
import io.github.aicpulaunch.domain.session.LaunchPolicy;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.DispatchThroughRefusedException;
import io.github.aicpulaunch.ports.DispatcherCode;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue: dispatch-through reported success when nothing ran. Here another dispatcher — shaped like
 * upstream's: it publishes like ours but its server entry is a stub (fixtures/
 * libforeign_dispatcher.so) — is what CANN's KFC library latched on the device, bootstrapped by a
 * second library in the same process (its own registry, so ours does not know). Every strategy then
 * either runs the kernel for real (its output is checked) or is refused with the reason; none
 * reports success without running. Also: publishing no longer depends on the runtime loading, and a
 * dispatcher refusal prints by name.
 */
class ForeignDispatcherTest {
  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private SimInspector inspector;
  private BackendComponent component;
  private DescriptorDirectory descriptors;

  @BeforeEach
  void start() {
    aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
    inspector = aicpu.simInspector().orElseThrow();
    component = aicpu.component();
    descriptors = DescriptorDirectory.createUnder(tmp);
  }

  @AfterEach
  void stop() {
    aicpu.close();
  }

  /** A session service of its own (its own registry), uploading {@code dispatcher}. */
  private SessionService service(DispatcherSo dispatcher) {
    BootstrapRegistry registry = new BootstrapRegistry();
    return new SessionService(
        component.ports(),
        registry,
        new LaunchPolicy(component.deployments(), component.launchStrategies(), registry),
        new RuntimeSoValidator(),
        dispatcher,
        PreinstallNaming.DEFAULT,
        descriptors,
        new BackendLifecycle(component.ports(), registry, new DeviceUsers()));
  }

  private static OpenSessionCommand open(
      Path so, List<String> entries, @Nullable String deployment, String launch) {
    return new OpenSessionCommand(0, so, entries, deployment, launch, DeviceSos.GENEROUS);
  }

  /** Latches the foreign dispatcher on device 0, as another library of this process would. */
  private void latchForeignDispatcher() throws Exception {
    byte[] foreign = Files.readAllBytes(DeviceSos.copy(tmp, "fixtures/libforeign_dispatcher.so"));
    SessionService other = service(arch -> ByteBuffer.wrap(foreign));
    Path own = DeviceSos.copy(tmp, "libexample_checksum_runtime.so");
    other.open(open(own, OpenSessionCommand.DEFAULT_ENTRIES, null, "rts-json")).close();
    assertThat(inspector.latchedKfcSo(0)).isPresent();
    assertThat(Files.readAllBytes(inspector.latchedKfcSo(0).orElseThrow())).isEqualTo(foreign);
  }

  @Test
  @DisplayName(
      "F1, P5: with a foreign dispatcher latched, each strategy runs for real or is refused with"
          + " the reason; none reports success without running")
  void everyStrategyWorksOrIsRefused() throws Exception {
    latchForeignDispatcher();
    SessionService ours = service(new PackagedSos());
    Path vector = DeviceSos.copy(tmp, DeviceSos.VECTOR);
    Path legacy = DeviceSos.copy(tmp, "libexample_legacy_runtime.so");
    Map<String, String> outcomes = new LinkedHashMap<>();
    for (String launch : List.of("rts-json", "direct-aicpu", "dispatch-through", "custom-kernel")) {
      outcomes.put(launch, tryVectorAdd(ours, vector, OpenSessionCommand.DEFAULT_ENTRIES, launch));
    }
    outcomes.put(
        "legacy-kfc",
        tryVectorAdd(ours, legacy, List.of("DynTileFwkBackendKernelServer"), "legacy-kfc"));

    // The runtime reaches the device through the foreign dispatcher's Init, so the strategies
    // that launch it without going through the latched dispatcher work.
    assertThat(outcomes.get("rts-json")).isEqualTo("ran");
    assertThat(outcomes.get("direct-aicpu")).isEqualTo("ran");
    assertThat(outcomes.get("custom-kernel")).isEqualTo("ran");
    // Every launch of these would go through the latched dispatcher's stub: refused.
    assertThat(outcomes.get("dispatch-through"))
        .startsWith("refused: DispatchThroughRefusedException")
        .contains("did not answer the handshake")
        .contains("rts-json or direct-aicpu");
    assertThat(outcomes.get("legacy-kfc")).startsWith("refused: ");
    assertThat(inspector.deviceMemoryBytesInUse(0)).isZero();
    assertThat(inspector.deviceLog(0))
        .anyMatch(l -> l.text().contains("[foreign-dispatcher] Server: stub"));
  }

  /**
   * Opens {@code so} with {@code launch}, adds two vectors and checks every element: "ran" when the
   * kernel produced the sum, "refused: <type>: <message> Hint: ..." when the open or the launch
   * threw. A launch that returns without the sum fails the test: that is success without running.
   */
  private String tryVectorAdd(
      SessionService service, Path so, List<String> entries, String launch) {
    String deployment = launch.equals("legacy-kfc") ? "legacy-kfc" : null;
    try (Session s = service.open(open(so, entries, deployment, launch))) {
      DeviceSos.addAndVerify(s, 4096, 3, 0.5f, entries.get(0));
      return "ran";
    } catch (AicpuLaunchException e) {
      assertThat(e.hint()).as("the refusal of %s names the way out", launch).isNotBlank();
      return "refused: " + e.getClass().getSimpleName() + ": " + e.getMessage();
    }
  }

  @Test
  @DisplayName(
      "publishing never dlopens the runtime: an SO with a function nothing defines, never called,"
          + " is published and runs through every strategy, as on CANN")
  void unresolvedButNeverCalledIsAccepted() throws Exception {
    SessionService ours = service(new PackagedSos());
    Path so = DeviceSos.copy(tmp, "fixtures/libfaulty_unresolved.so");
    for (String launch : List.of("rts-json", "dispatch-through", "direct-aicpu")) {
      try (Session s = ours.open(open(so, OpenSessionCommand.DEFAULT_ENTRIES, null, launch))) {
        s.launch(DeviceSos.exec(2));
      }
    }
  }

  @Test
  @DisplayName(
      "P5: a runtime no dlopen can load is refused when the dispatch-through session opens, by"
          + " name (AICPU_E_RUNTIME_OPEN), with the dlopen error in the device log")
  void unloadableRuntimeIsRefusedByName() throws Exception {
    SessionService ours = service(new PackagedSos());
    Path so = DeviceSos.copy(tmp, "fixtures/libfaulty_unloadable.so");
    assertThatThrownBy(
            () -> ours.open(open(so, OpenSessionCommand.DEFAULT_ENTRIES, null, "dispatch-through")))
        .isInstanceOf(DispatchThroughRefusedException.class)
        .hasMessageContaining("AICPU_E_RUNTIME_OPEN (0x44530013)")
        .satisfies(
            e ->
                assertThat(((DispatchThroughRefusedException) e).dispatcherCode())
                    .contains(DispatcherCode.RUNTIME_OPEN));
    assertThat(inspector.deviceLog(0))
        .anyMatch(l -> l.text().contains("faulty_variable_nowhere_defined"));
    assertThat(inspector.deviceMemoryBytesInUse(0)).isZero();
  }
}
