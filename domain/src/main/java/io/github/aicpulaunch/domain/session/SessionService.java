package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.abi.InitArgs;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import io.github.aicpulaunch.domain.bootstrap.RuntimeSoValidator;
import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.SoBytes;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.OpenSessionUseCase;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import javax.inject.Inject;

/**
 * Opens sessions: validate the runtime SO and pick the strategies (no device call yet), attach the
 * thread, set the op-execute watchdog, create the stream, deploy once per process through the
 * registry, probe the device's rts JSON loader once per process when the policy's default needs it
 * ({@link RegistrationProbe}) and decide again with the verdict, prepare the launcher, and launch
 * {@code simpler_aicpu_init} when the runtime declares it, once per (fingerprint, physical device,
 * {@linkplain io.github.aicpulaunch.domain.spi.LaunchStrategy#initScope init scope}) in the
 * process: a second session of the same runtime on the same device skips it (PROTOCOL §2.4). A
 * session abandoned after a device failure makes the registry forget the device's inits, so a
 * recovered device is initialised again. A failure at any step releases what was acquired, in
 * reverse; a device failure abandons it instead (F20–F22). A failure after the first device call
 * names its {@link Phase} (open, bootstrap, registration probe, registration, init launch); a
 * refusal before it names none.
 *
 * <p>An open reads the runtime SO's headers, notes and dynamic tables with positional reads and
 * maps nothing, or, when one {@code stat} proves the file unchanged since an earlier open read it,
 * reuses that read ({@link ReadSoCache}: rebuilt files are always read again). Only a first upload
 * reads the whole file, and after the bootstrap nothing holds its bytes on the host. Thread-safe:
 * sessions of one process may be opened concurrently; opens of the same SO on the same device share
 * one upload.
 */
public final class SessionService implements OpenSessionUseCase {
  /**
   * The entry launched with {@link InitArgs} once per runtime and device (PROTOCOL §2.4, §3.3 (d)).
   */
  public static final String INIT_ENTRY = "simpler_aicpu_init";

  private final CannPorts ports;
  private final BootstrapRegistry registry;
  private final LaunchPolicy policy;
  private final RuntimeSoValidator validator;
  private final DispatcherSo dispatcherSo;
  private final PreinstallNaming naming;
  private final DescriptorDirectory descriptors;
  private final RegistrationProbe probe;
  private final BackendLifecycle lifecycle;
  private final ReadSoCache reads = new ReadSoCache();

  @Inject
  public SessionService(
      CannPorts ports,
      BootstrapRegistry registry,
      LaunchPolicy policy,
      RuntimeSoValidator validator,
      DispatcherSo dispatcherSo,
      PreinstallNaming naming,
      DescriptorDirectory descriptors,
      BackendLifecycle lifecycle) {
    this.ports = ports;
    this.registry = registry;
    this.policy = policy;
    this.validator = validator;
    this.dispatcherSo = dispatcherSo;
    this.naming = naming;
    this.descriptors = descriptors;
    this.probe = new RegistrationProbe(ports, descriptors);
    this.lifecycle = lifecycle;
  }

  @Override
  public Session open(OpenSessionCommand command) {
    requireRepresentable(command.timeouts());
    RuntimeInfo runtime = runtimeInfo();
    int logical = command.device();
    Path path = command.runtimeSo().toAbsolutePath();
    ReadSo read = reads.read(path);
    ElfInfo elf = read.elf();
    Fingerprint fp = read.fingerprint();
    int physical = ports.runtime().physicalDeviceId(logical).orElse(logical);
    RuntimeImage image = image(path, fp, physical, command, read.size(), elf.machine());
    PolicyRequest request =
        new PolicyRequest(
            command.deploymentName(),
            command.launchName(),
            physical,
            registry.otherRuntimesOn(physical, fp.value()),
            registry.jsonLoaderVerdict(physical));
    PolicyDecision planned = policy.decide(runtime, image, request);
    Set<String> required = new LinkedHashSet<>(command.entries());
    required.addAll(planned.deployment().requiredExports());
    validator.validate(path, elf, read.size(), runtime.deviceArch(), required);

    StreamHandle stream;
    try {
      ports.devices().setDevice(logical);
      lifecycle.attached(logical, physical);
      if (runtime.has(Capability.OP_EXECUTE_TIMEOUT)) {
        ports.devices().setOpExecuteTimeout(command.timeouts().opExecute().toMillis() * 1000);
      }
      stream = ports.streams().createStream();
    } catch (AicpuLaunchException e) {
      throw e.during(Phase.OPEN);
    }
    AicpuSession session =
        new AicpuSession(
            ports,
            logical,
            stream,
            command.timeouts(),
            () -> {
              registry.forgetInitialization(physical);
              lifecycle.failed(logical);
            });
    Phase phase = Phase.BOOTSTRAP;
    try {
      deploy(planned.deployment(), image, physical, stream, read, runtime, logical);
      session.bootstrapped();
      PolicyDecision decision = planned;
      if (planned.probeFirst()) {
        // Every launch the policy falls back to pairs with the same deployment, so the probe
        // can wait until the SO is on the device.
        phase = Phase.REGISTRATION_PROBE;
        JsonLoaderVerdict verdict =
            registry.ensureJsonLoaderProbed(physical, () -> probe.probe(physical));
        decision = policy.decide(runtime, image, request.withJsonLoader(verdict));
      }
      phase = Phase.REGISTRATION;
      session.registered(
          decision
              .launch()
              .prepare(
                  new LaunchContext(
                      ports,
                      logical,
                      physical,
                      stream,
                      image,
                      decision.deployment().residence(),
                      () -> descriptors.newDescriptorPath(fp, physical),
                      command.timeouts(),
                      LaunchConfig.none())),
          new SessionInfo(
              logical,
              fp.hex(),
              image.fingerprintSource(),
              image.preinstallName(),
              decision.deployment().name(),
              decision.launch().name(),
              decision.reason(),
              command.entries()));
      if (command.entries().contains(INIT_ENTRY)) {
        phase = Phase.INIT_LAUNCH;
        registry.ensureInitialized(
            new BootstrapRegistry.Key(image.fingerprint(), physical),
            decision.launch().initScope(decision.deployment()),
            () ->
                session.launch(
                    new LaunchCommand(
                        INIT_ENTRY, initArgs(physical, command.timeouts()).encode(), 1),
                    Phase.INIT_LAUNCH));
      }
      return session;
    } catch (RuntimeException e) {
      if (e instanceof AicpuLaunchException a) {
        a.during(phase);
      }
      undo(session, e);
      throw e;
    }
  }

  private void deploy(
      Deployment deployment,
      RuntimeImage image,
      int physical,
      StreamHandle stream,
      ReadSo so,
      RuntimeInfo runtime,
      int logical) {
    // The SO's bytes are read only when the registry runs the upload: a warm open never reads
    // past the headers, and the bytes read are checked against the fingerprint the names use.
    registry.ensureDeployed(
        new BootstrapRegistry.Key(image.fingerprint(), physical),
        deployment.residence(),
        deployment.latch(image),
        () ->
            deployment.deploy(
                new DeployContext(
                    ports,
                    logical,
                    physical,
                    stream,
                    image,
                    new RuntimeSoBytes(so),
                    () -> dispatcherSo.forArch(runtime.deviceArch()))));
  }

  /**
   * The chain's order is checked by {@link TimeoutChain} itself; here its values must also fit the
   * fields they travel in: {@code InitArgs.scheduler_timeout_ms} and the stream-sync budget are
   * 32-bit milliseconds.
   */
  private static void requireRepresentable(TimeoutChain timeouts) {
    long largest = Integer.MAX_VALUE;
    if (timeouts.scheduler().toMillis() > largest || timeouts.streamSync().toMillis() > largest) {
      throw new InvalidRequestException(
          "Timeouts of "
              + timeouts.scheduler().toMillis()
              + " ms / "
              + timeouts.streamSync().toMillis()
              + " ms do not fit CANN's 32-bit millisecond fields (P6).",
          "Keep the scheduler and stream-sync timeouts below " + largest + " ms (about 24 days).");
    }
  }

  private static InitArgs initArgs(int device, TimeoutChain timeouts) {
    return new InitArgs(
        device, InitArgs.DEFAULT_LOG_LEVEL, (int) timeouts.scheduler().toMillis(), 0, 0);
  }

  private static void undo(AicpuSession session, RuntimeException failure) {
    if (failure instanceof CannCallException c && AicpuSession.isDeviceFailure(c)) {
      session.abandon();
      return;
    }
    try {
      session.close();
    } catch (AicpuLaunchException e) {
      failure.addSuppressed(e);
    }
  }

  private RuntimeImage image(
      Path path, Fingerprint fp, int physical, OpenSessionCommand command, long size, int machine) {
    return new RuntimeImage(
        path,
        fp.value(),
        fp.hex(),
        fp.source() == Fingerprint.Source.BUILD_ID
            ? RuntimeImage.SOURCE_BUILD_ID
            : RuntimeImage.SOURCE_FNV1A_64,
        naming.basename(fp, physical),
        command.entries().stream().map(e -> new EntryPoint(e, naming.opType(e, fp))).toList(),
        size,
        machine);
  }

  private RuntimeInfo runtimeInfo() {
    if (!ports.runtime().isAvailable()) {
      Optional<String> cause = ports.runtime().unavailabilityCause();
      throw new InvalidRequestException(
          "The backend is not available: " + cause.orElse("no reason given") + ".",
          "Use the simulator backend, or install CANN and its driver.");
    }
    return ports.runtime().info();
  }

  /**
   * The runtime SO's bytes for its upload, read from its file and checked against its fingerprint
   * on every pass ({@link ReadSo}); written into a file (the simulator's device memory) by the
   * kernel when the SO has a Build-ID, chunk by chunk otherwise, since FNV-1a must see them.
   */
  private static final class RuntimeSoBytes implements SoBytes {
    private final ReadSo so;

    RuntimeSoBytes(ReadSo so) {
      this.so = so;
    }

    @Override
    public long size() {
      return so.size();
    }

    @Override
    public void forEachChunk(ChunkSink sink) {
      so.stream((chunk, at) -> sink.accept(at, chunk));
    }

    @Override
    public void writeTo(Path target, long offset) {
      if (so.hashed()) {
        SoBytes.super.writeTo(target, offset);
      } else {
        so.copyTo(target, offset);
      }
    }
  }
}
