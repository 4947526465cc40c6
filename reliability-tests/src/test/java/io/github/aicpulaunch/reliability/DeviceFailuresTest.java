package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimFault;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.wiring.BackendComponent;
import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.app.wiring.SimComponent;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.RuntimeSoValidator;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.session.AicpuSession;
import io.github.aicpulaunch.domain.session.BackendLifecycle;
import io.github.aicpulaunch.domain.session.DeviceRecovery;
import io.github.aicpulaunch.domain.session.DeviceUsers;
import io.github.aicpulaunch.domain.session.LaunchPolicy;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.domain.session.SessionState;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Device failures through the facade on the simulator, with dispatcher-c's faulty fixture runtimes
 * and a short timeout chain: a hang is reaped by the op-execute watchdog, the device stays
 * poisoned, a force reset brings it back; a failing reset leaves the sessions abandoned with no
 * further device call; closing on a failed device is bounded. Assertions are on error classes,
 * never on timings; the preemptive timeouts below are liveness bounds, many times what the
 * operations take.
 */
class DeviceFailuresTest {
  /** Liveness bound for a close or open on a failed device (upstream budgets 30 to 60 s, F22). */
  private static final Duration BOUND = Duration.ofSeconds(30);

  /** The codes a reaped hang may surface as (FAILURE-MODES §3.3: compare classes, not codes). */
  private static final List<Integer> HANG_CODES =
      List.of(
          CannError.AICPU_EXCEPTION.code(),
          CannError.STREAM_SYNC_TIMEOUT.code(),
          CannError.INTERNAL_ERROR.code());

  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private SimInspector inspector;
  private Path hang;
  private Path vector;

  @BeforeEach
  void start() throws Exception {
    aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
    inspector = aicpu.simInspector().orElseThrow();
    hang = DeviceSos.copy(tmp, DeviceSos.HANG);
    vector = DeviceSos.copy(tmp, DeviceSos.VECTOR);
  }

  @AfterEach
  void stop() {
    aicpu.close();
  }

  private static void assertHangClass(Throwable t) {
    assertThat(t)
        .isInstanceOfAny(CannCallException.DeviceFailure.class, CannCallException.Timeout.class);
    assertThat(HANG_CODES).contains(((CannCallException) t).code());
    assertThat(((CannCallException) t).hint()).isNotBlank();
  }

  private static SessionState state(Session s) {
    return ((AicpuSession) s).state();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rts-json", "direct-aicpu", "dispatch-through"})
  @DisplayName(
      "F17, F18, P11: hang → watchdog → poisoned device (507899) → recover() → a new session"
          + " computes the right result")
  void hangPoisonRecover(String launch) throws Exception {
    try (Session s = aicpu.open(DeviceSos.open(0, vector, launch, DeviceSos.SHORT))) {
      DeviceSos.addAndVerify(s, 300, 3, 0.5f);
    }
    long osBefore = inspector.aicpuOsPid(0);
    Session hung = aicpu.open(DeviceSos.open(0, hang, launch, DeviceSos.SHORT));
    assertHangClass(catchThrowable(() -> hung.launch(DeviceSos.exec(2))));
    assertThat(state(hung)).isEqualTo(SessionState.ABANDONED);
    assertThat(inspector.poisoned(0)).isTrue();

    // sticky: every later device call on the device is 507899 until a force reset (F17)
    assertThatThrownBy(() -> aicpu.open(DeviceSos.open(0, vector, launch, DeviceSos.SHORT)))
        .isInstanceOfSatisfying(
            CannCallException.DevicePoisoned.class,
            e -> {
              assertThat(e.code()).isEqualTo(CannError.DRV_INTERNAL_ERROR.code());
              assertThat(e.hint()).contains("force-reset");
            });
    // a plain reset releases the context but does not clear the poison (F18)
    aicpu.component().ports().devices().resetDevice(0);
    assertThat(inspector.poisoned(0)).isTrue();
    assertThatThrownBy(() -> aicpu.open(DeviceSos.open(0, vector, launch, DeviceSos.SHORT)))
        .isInstanceOf(CannCallException.DevicePoisoned.class);
    assertThatThrownBy(() -> hung.launch(DeviceSos.exec(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("abandoned");
    hung.close(); // abandoned: returns without a device call

    aicpu.recover(0);

    assertThat(inspector.poisoned(0)).isFalse();
    assertThat(inspector.aicpuOsPid(0)).as("a restarted AICPU OS").isNotEqualTo(osBefore);
    try (Session s = aicpu.open(DeviceSos.open(0, vector, launch, DeviceSos.SHORT))) {
      DeviceSos.addAndVerify(s, 1000, 4, -1.5f);
    }
    assertNothingLeft();
  }

  @Test
  @DisplayName(
      "F21: a failing force reset is thrown typed; the abandoned session makes no further device"
          + " call, and neither does the failed recovery")
  void resetFailureIsTerminal() throws Exception {
    BackendComponent component = aicpu.component();
    CountingPorts counting = new CountingPorts(component.ports());
    BootstrapRegistry registry = new BootstrapRegistry();
    DescriptorDirectory descriptors = DescriptorDirectory.create();
    BackendLifecycle lifecycle =
        new BackendLifecycle(counting.ports(), registry, new DeviceUsers());
    try {
      SessionService sessions =
          new SessionService(
              counting.ports(),
              registry,
              new LaunchPolicy(component.deployments(), component.launchStrategies(), registry),
              new RuntimeSoValidator(),
              new PackagedSos(),
              PreinstallNaming.DEFAULT,
              descriptors,
              lifecycle);
      DeviceRecovery recovery = new DeviceRecovery(counting.ports(), registry, lifecycle);
      Session hung = sessions.open(DeviceSos.open(0, hang, "rts-json", DeviceSos.SHORT));
      Session idle = sessions.open(DeviceSos.open(0, vector, "rts-json", DeviceSos.SHORT));
      idle.allocate(4096);
      assertHangClass(catchThrowable(() -> hung.launch(DeviceSos.exec(2))));
      ((SimComponent) component).simulator().injectFaults(0, SimFault.FORCE_RESET_FAILS);
      // the healthy-looking session learns of the poison on its next call and abandons too
      assertThatThrownBy(() -> idle.allocate(64))
          .isInstanceOf(CannCallException.DevicePoisoned.class);
      int before = counting.calls().size();

      assertThatThrownBy(() -> recovery.forceReset(0))
          .isInstanceOfSatisfying(
              CannCallException.DevicePoisoned.class,
              e -> assertThat(e.function()).isEqualTo("aclrtResetDeviceForce"));
      assertThat(counting.callsSince(before))
          .containsExactly(
              "RuntimeInfoPort.physicalDeviceId", "DeviceControlPort.resetDeviceForce");
      int afterReset = counting.calls().size();

      for (Session s : List.of(hung, idle)) {
        assertThat(state(s)).isEqualTo(SessionState.ABANDONED);
        assertTimeoutPreemptively(BOUND, s::close);
        assertThatThrownBy(() -> s.allocate(64)).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> s.launch(DeviceSos.exec(1)))
            .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(s::synchronize).isInstanceOf(InvalidRequestException.class);
      }
      assertThat(counting.callsSince(afterReset))
          .as("device calls after the failed reset")
          .isEmpty();
      assertThat(inspector.poisoned(0)).isTrue();
    } finally {
      descriptors.close();
    }
  }

  @Test
  @DisplayName("F21 through the facade: recover() on a device whose reset fails throws 507899")
  void facadeRecoverFails() throws Exception {
    Session hung = aicpu.open(DeviceSos.open(0, hang, "direct-aicpu", DeviceSos.SHORT));
    assertHangClass(catchThrowable(() -> hung.launch(DeviceSos.exec(1))));
    ((SimComponent) aicpu.component()).simulator().injectFaults(0, SimFault.FORCE_RESET_FAILS);
    assertThatThrownBy(() -> aicpu.recover(0))
        .isInstanceOfSatisfying(
            CannCallException.DevicePoisoned.class,
            e -> assertThat(e.code()).isEqualTo(CannError.DRV_INTERNAL_ERROR.code()));
    hung.close();
    assertThat(inspector.poisoned(0)).isTrue();
    // once the device can be reset again, the same process gets it back
    ((SimComponent) aicpu.component()).simulator().injectFaults(0);
    aicpu.recover(0);
    try (Session s = aicpu.open(DeviceSos.open(0, vector, "direct-aicpu", DeviceSos.SHORT))) {
      DeviceSos.addAndVerify(s, 64, 2, 2f);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rts-json", "direct-aicpu", "dispatch-through"})
  @DisplayName(
      "F22, F19: close on a wedged device returns within a liveness bound, with buffers and tasks"
          + " in flight, and leaves nothing a later close could block on")
  void closeOnWedgedDeviceIsBounded(String launch) throws Exception {
    Session s = aicpu.open(DeviceSos.open(0, vector, launch, DeviceSos.SHORT));
    for (int i = 0; i < 4; i++) {
      s.allocate(1 << 16);
    }
    ((SimComponent) aicpu.component()).simulator().injectFaults(0, SimFault.WEDGED);
    s.launchAsync(DeviceSos.exec(2));
    s.launchAsync(DeviceSos.exec(2));
    assertHangClass(catchThrowable(s::synchronize));

    Throwable closed = assertTimeoutPreemptively(BOUND, () -> catchThrowable(s::close));
    // the synchronize abandoned the session already: close makes no device call and succeeds
    assertThat(closed).isNull();
    assertThat(state(s)).isEqualTo(SessionState.ABANDONED);
    assertTimeoutPreemptively(BOUND, s::close);

    ((SimComponent) aicpu.component()).simulator().injectFaults(0);
    aicpu.recover(0);
    assertNothingLeft();
  }

  @Test
  @DisplayName(
      "F22, F17: an idle session on a device another session poisoned closes within the bound,"
          + " failing typed at most once, and a second close does nothing")
  void closeOfABystanderOnAPoisonedDeviceIsBounded() throws Exception {
    Session bystander = aicpu.open(DeviceSos.open(0, vector, "rts-json", DeviceSos.SHORT));
    bystander.allocate(256);
    Session hung = aicpu.open(DeviceSos.open(0, hang, "rts-json", DeviceSos.SHORT));
    assertHangClass(catchThrowable(() -> hung.launch(DeviceSos.exec(1))));

    Throwable first = assertTimeoutPreemptively(BOUND, () -> catchThrowable(bystander::close));
    if (first != null) {
      assertThat(first).isInstanceOf(AicpuLaunchException.class);
      assertThat(first)
          .isInstanceOfAny(
              CannCallException.DevicePoisoned.class, CannCallException.DeviceFailure.class);
    }
    assertThat(state(bystander)).isIn(SessionState.ABANDONED, SessionState.CLOSED);
    assertTimeoutPreemptively(BOUND, bystander::close);
    hung.close();
    aicpu.recover(0);
    assertNothingLeft();
  }

  @Test
  @DisplayName(
      "F30: opening on a device wedged by a previous tenant fails typed within the bound, and"
          + " recover() brings it back once the wedge clears")
  void preWedgedDevice() throws Exception {
    ((SimComponent) aicpu.component()).simulator().injectFaults(0, SimFault.WEDGED);
    Throwable t =
        assertTimeoutPreemptively(
            BOUND,
            () ->
                catchThrowable(
                    () -> aicpu.open(DeviceSos.open(0, vector, "rts-json", DeviceSos.SHORT))));
    assertHangClass(t);
    ((SimComponent) aicpu.component()).simulator().injectFaults(0);
    aicpu.recover(0);
    try (Session s = aicpu.open(DeviceSos.open(0, vector, "rts-json", DeviceSos.SHORT))) {
      DeviceSos.addAndVerify(s, 128, 2, 4f);
    }
    assertNothingLeft();
  }

  private void assertNothingLeft() {
    assertThat(inspector.deviceMemoryBytesInUse(0)).as("device memory").isZero();
    assertThat(inspector.deviceMemoryHandlesInUse(0)).as("allocations").isZero();
    assertThat(inspector.registrationsAlive()).as("registrations").isZero();
    assertThat(inspector.functionHandlesAlive()).as("function handles").isZero();
    assertThat(inspector.streamsAlive()).as("streams").isZero();
  }
}
