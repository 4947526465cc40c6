package io.github.aicpulaunch.app;

import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.adapter.sim.Simulator;
import io.github.aicpulaunch.app.wiring.BackendComponent;
import io.github.aicpulaunch.app.wiring.CannComponent;
import io.github.aicpulaunch.app.wiring.SimComponent;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.OpenSessionUseCase;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a library user starts from: a backend (a CANN installation or the embedded simulator) with
 * every built-in strategy, ready to open sessions.
 *
 * <pre>{@code
 * try (AicpuLaunch aicpu = AicpuLaunch.auto(CannOptions.defaults(), SimConfig.builder().build());
 *     Session s = aicpu.open(OpenSessionCommand.of(0, Path.of("libmy_runtime.so")))) {
 *   s.launch(new LaunchCommand("simpler_aicpu_exec", payload, 4));
 * }
 * }</pre>
 *
 * <p>Lifecycle: {@link #close()} resets every device this instance was the last user of in the
 * process (PROTOCOL §8), deletes this instance's JSON descriptors and stops the simulator (if this
 * backend is one); close every session first. CANN itself stays loaded for the life of the JVM: it
 * is initialised (aclInit) once per process before the first device call and finalized
 * (aclFinalize) when the JVM shuts down. Thread-safe: sessions may be opened from several threads
 * (each session is used by one).
 */
public final class AicpuLaunch implements AutoCloseable, OpenSessionUseCase {
  private final BackendComponent component;
  private final @Nullable Simulator simulator;
  private final String reason;

  private AicpuLaunch(BackendComponent component, @Nullable Simulator simulator, String reason) {
    this.component = component;
    this.simulator = simulator;
    this.reason = reason;
  }

  /** The embedded simulator with the default topology (one chip with two dies, CANN 9.0.0). */
  public static AicpuLaunch simulator() {
    return simulator(SimConfig.builder().build());
  }

  /**
   * The embedded simulator.
   *
   * @throws IllegalStateException when this machine cannot run the simulator
   */
  public static AicpuLaunch simulator(SimConfig config) {
    return simulator(config, "the simulator was asked for");
  }

  private static AicpuLaunch simulator(SimConfig config, String reason) {
    SimComponent component = SimComponent.create(config);
    return new AicpuLaunch(component, component.simulator(), reason);
  }

  /**
   * The CANN installation {@code options} find.
   *
   * @throws io.github.aicpulaunch.adapter.cann.CannUnavailableException when CANN cannot be used
   *     here, with the cause
   */
  public static AicpuLaunch cann(CannOptions options) {
    CannComponent component = CannComponent.create(options);
    component.ports(); // fails now, with the cause, rather than at the first open
    return new AicpuLaunch(component, null, "CANN was asked for");
  }

  /**
   * CANN when {@code cann} finds a usable installation, otherwise the simulator; {@link #reason()}
   * says which and why.
   */
  public static AicpuLaunch auto(CannOptions cann, SimConfig sim) {
    CannComponent component = CannComponent.create(cann);
    CannAdapter adapter = component.adapter();
    if (adapter.isAvailable()) {
      return new AicpuLaunch(
          component,
          null,
          "CANN is available at "
              + adapter.report().runtime().map(Path::toString).orElse("(unknown path)"));
    }
    return simulator(
        sim,
        "CANN is not available ("
            + adapter.unavailabilityCause().orElse("no reason given")
            + "), so the simulator runs instead");
  }

  /**
   * {@inheritDoc}
   *
   * <p>Runs on the calling thread; the session is attached to it.
   */
  @Override
  public Session open(OpenSessionCommand command) {
    return component.sessions().open(command);
  }

  /**
   * Brings a device back after a device failure (a hung or crashed kernel, a wedged or poisoned
   * device: {@link io.github.aicpulaunch.ports.CannCallException.DevicePoisoned} and friends)
   * without restarting the process: one force reset ({@code aclrtResetDeviceForce}), after which
   * the next session on the device deploys its runtime SO again (F17, P11). Close every session on
   * the device first; the failure already abandoned them, so closing them makes no device call.
   *
   * @param device the logical device id
   * @throws io.github.aicpulaunch.ports.CannCallException when the force reset fails; the device is
   *     then lost to this process (F21): use a fresh process
   */
  public void recover(int device) {
    component.recovery().forceReset(device);
  }

  /** Version, SoC, architecture and capabilities of this backend. */
  public RuntimeInfo runtimeInfo() {
    return component.ports().runtime().info();
  }

  /** One line a person can read: which backend this is and what it emulates or found. */
  public String backendDescription() {
    RuntimeInfo info = runtimeInfo();
    return info.backend() + ": " + info.description();
  }

  /** Why this backend was chosen. */
  public String reason() {
    return reason;
  }

  /** The simulator's inspector (memory, registrations, preinstall directories); empty on CANN. */
  public Optional<SimInspector> simInspector() {
    return Optional.ofNullable(simulator).map(Simulator::inspector);
  }

  /** Where this instance writes the JSON descriptors of {@code rts-json} registrations. */
  public Path descriptorDirectory() {
    return component.descriptors().directory();
  }

  /** The wiring behind this facade, for tools that report on strategies ({@code doctor}). */
  public BackendComponent component() {
    return component;
  }

  /**
   * Resets the devices this instance was the last user of, deletes the descriptor directory and
   * stops the simulator. Idempotent.
   *
   * @throws AicpuLaunchException if a reset fails (phase reset) or the descriptor directory cannot
   *     be removed; the other steps run anyway
   */
  @Override
  public void close() {
    try {
      component.lifecycle().close();
    } finally {
      try {
        component.descriptors().close();
      } finally {
        if (simulator != null) {
          simulator.close();
        }
      }
    }
  }
}
