package io.github.aicpulaunch.app;

import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.adapter.sim.Simulator;
import io.github.aicpulaunch.app.wiring.AddedStrategies;
import io.github.aicpulaunch.app.wiring.BackendComponent;
import io.github.aicpulaunch.app.wiring.CannComponent;
import io.github.aicpulaunch.app.wiring.SimBackendComponent;
import io.github.aicpulaunch.app.wiring.SimComponent;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.OpenSessionUseCase;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a library user starts from: a backend (a CANN installation or the embedded simulator) with
 * every built-in strategy and any extension, ready to open sessions.
 *
 * <pre>{@code
 * try (AicpuLaunch aicpu = AicpuLaunch.auto(CannOptions.defaults(), SimConfig.builder().build());
 *     Session s = aicpu.open(OpenSessionCommand.of(0, Path.of("libmy_runtime.so")))) {
 *   s.launch(new LaunchCommand("simpler_aicpu_exec", payload, 4));
 * }
 * }</pre>
 *
 * <p>Extensions: {@link #builder()} adds a launch strategy or deployment by name, and {@link
 * #of(BackendComponent)} wraps an application's own Dagger component built from a backend bundle
 * ({@link io.github.aicpulaunch.app.wiring.SimBackendModule}, {@link
 * io.github.aicpulaunch.app.wiring.CannBackendModule}) and its extension modules.
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
    return builder().backend(Backend.simulator()).build();
  }

  /**
   * The embedded simulator.
   *
   * @throws io.github.aicpulaunch.adapter.sim.SimulatorUnavailableException when this machine
   *     cannot run the simulator, with the way out
   */
  public static AicpuLaunch simulator(SimConfig config) {
    return builder().backend(Backend.simulator(config)).build();
  }

  /**
   * The CANN installation {@code options} find.
   *
   * @throws io.github.aicpulaunch.adapter.cann.CannUnavailableException when CANN cannot be used
   *     here, with the cause
   */
  public static AicpuLaunch cann(CannOptions options) {
    return builder().backend(Backend.cann(options)).build();
  }

  /**
   * CANN when {@code cann} finds a usable installation, otherwise the simulator; {@link #reason()}
   * says which and why.
   */
  public static AicpuLaunch auto(CannOptions cann, SimConfig sim) {
    return builder().backend(Backend.auto(cann, sim)).build();
  }

  /** A facade with extensions: pick a backend, add strategies or deployments by name, build. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The facade over an application's own component: a {@code @Singleton @Component} that lists
   * {@link io.github.aicpulaunch.app.wiring.SimBackendModule} or {@link
   * io.github.aicpulaunch.app.wiring.CannBackendModule} next to its extension modules and extends
   * {@link SimBackendComponent} or {@link io.github.aicpulaunch.app.wiring.CannBackendComponent}.
   * The facade takes the component over: {@link #close()} stops its simulator and deletes its
   * descriptors.
   *
   * @throws IllegalArgumentException when an extension module's strategy is misnamed
   * @throws io.github.aicpulaunch.adapter.sim.SimulatorUnavailableException when the simulator
   *     cannot run here
   * @throws io.github.aicpulaunch.adapter.cann.CannUnavailableException when CANN cannot be used
   */
  public static AicpuLaunch of(BackendComponent component) {
    component.installed(); // a misnamed extension fails now, before anything starts
    if (component instanceof SimBackendComponent sim) {
      return new AicpuLaunch(component, sim.simulator(), "the application's component chose it");
    }
    component.ports(); // fails now, with the cause, rather than at the first open
    return new AicpuLaunch(component, null, "the application's component chose it");
  }

  /**
   * Builds an {@link AicpuLaunch} with extensions added at run time. Each extension is given by
   * name, either as an instance or as a factory that receives the {@linkplain BuiltInStrategies
   * built-ins}, so it can decorate one:
   *
   * <pre>{@code
   * AicpuLaunch aicpu = AicpuLaunch.builder()
   *     .backend(Backend.simulator())
   *     .strategy("rts-json-timeout",
   *         builtIns -> new TimeoutLaunchStrategy(builtIns.launchStrategy("rts-json"), 30))
   *     .build();
   * }</pre>
   *
   * <p>The policy sees an added strategy next to the built-ins; like any strategy it is used when a
   * session names it (the {@code launch} of its {@link OpenSessionCommand}), and may be picked by
   * default only if it is not {@linkplain LaunchStrategy#explicitOnly() explicit-only} and its name
   * is one the policy tries. Extensions are not discovered from the classpath (no {@code
   * ServiceLoader}): which strategies can reach a card is the application's decision, made in code,
   * and a strategy that needs a setting (a timeout) gets it here. Not thread-safe; build once.
   */
  public static final class Builder {
    private Backend backend = Backend.simulator();
    private final Map<String, Function<BuiltInStrategies, LaunchStrategy>> launchStrategies =
        new LinkedHashMap<>();
    private final Map<String, Function<BuiltInStrategies, Deployment>> deployments =
        new LinkedHashMap<>();

    private Builder() {}

    /** The backend; the simulator with its default topology when not called. */
    public Builder backend(Backend backend) {
      this.backend = Objects.requireNonNull(backend, "backend");
      return this;
    }

    /**
     * Adds {@code strategy} under {@code name}, which must be what its {@code name()} answers.
     *
     * @throws IllegalArgumentException when a strategy was already added under {@code name}
     */
    public Builder strategy(String name, LaunchStrategy strategy) {
      Objects.requireNonNull(strategy, "strategy");
      return strategy(name, builtIns -> strategy);
    }

    /**
     * Adds the strategy {@code factory} makes from the built-ins, under {@code name}; the factory
     * is called once, by {@link #build()}.
     *
     * @throws IllegalArgumentException when a strategy was already added under {@code name}
     */
    public Builder strategy(String name, Function<BuiltInStrategies, LaunchStrategy> factory) {
      put(launchStrategies, "launch strategy", name, factory);
      return this;
    }

    /**
     * Adds {@code deployment} under {@code name}, which must be what its {@code name()} answers.
     *
     * @throws IllegalArgumentException when a deployment was already added under {@code name}
     */
    public Builder deployment(String name, Deployment deployment) {
      Objects.requireNonNull(deployment, "deployment");
      return deployment(name, builtIns -> deployment);
    }

    /**
     * Adds the deployment {@code factory} makes from the built-ins, under {@code name}.
     *
     * @throws IllegalArgumentException when a deployment was already added under {@code name}
     */
    public Builder deployment(String name, Function<BuiltInStrategies, Deployment> factory) {
      put(deployments, "deployment", name, factory);
      return this;
    }

    /**
     * Creates the backend with the extensions. Every extension is made and checked before the
     * simulator starts or CANN is used.
     *
     * @throws IllegalArgumentException when an extension's name is malformed, is a built-in's, or
     *     is not what its {@code name()} answers
     * @throws io.github.aicpulaunch.adapter.sim.SimulatorUnavailableException when the simulator
     *     was chosen and cannot run here
     * @throws io.github.aicpulaunch.adapter.cann.CannUnavailableException when CANN was asked for
     *     and cannot be used here
     */
    public AicpuLaunch build() {
      AddedStrategies added = new AddedStrategies(launchStrategies, deployments);
      SimConfig sim = backend.sim();
      CannOptions cann = backend.cann();
      if (cann == null) {
        return startSimulator(Objects.requireNonNull(sim), added, "the simulator was asked for");
      }
      CannComponent component = CannComponent.create(cann, added);
      component.installed();
      if (sim == null) {
        component.ports(); // fails now, with the cause, rather than at the first open
        return new AicpuLaunch(component, null, "CANN was asked for");
      }
      CannAdapter adapter = component.adapter();
      if (adapter.isAvailable()) {
        return new AicpuLaunch(
            component,
            null,
            "CANN is available at "
                + adapter.report().runtime().map(Path::toString).orElse("(unknown path)"));
      }
      return startSimulator(
          sim,
          added,
          "CANN is not available ("
              + adapter.report().headline().orElse("no reason given")
              + "), so the simulator runs instead");
    }

    private static AicpuLaunch startSimulator(SimConfig config, AddedStrategies added, String why) {
      SimComponent component = SimComponent.create(config, added);
      component.installed(); // a misnamed extension fails before any process starts
      return new AicpuLaunch(component, component.simulator(), why);
    }

    private static <T> void put(
        Map<String, Function<BuiltInStrategies, T>> byName,
        String kind,
        String name,
        Function<BuiltInStrategies, T> factory) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(factory, "factory");
      if (byName.putIfAbsent(name, factory) != null) {
        throw new IllegalArgumentException(
            "A "
                + kind
                + " was already added as \""
                + name
                + "\"; add each extension once, under a name of its own.");
      }
    }
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
