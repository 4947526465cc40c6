package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.out.CannPorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.spi.MDCAdapter;

/**
 * The simulator: a CANN installation with simulated chips, exposed through {@link #ports()}.
 *
 * <p>Lifecycle: {@link #start} starts one AICPU OS process per chip; {@link #close} stops them and
 * deletes every private temporary file. The processes never outlive the simulator: they are closed
 * on {@code close()}, by a JVM shutdown hook, and exit by themselves when the JVM dies (their
 * control pipe closes), each with its process group. The private directory is {@code
 * aicpu-sim-<pid>-...} in {@code java.io.tmpdir}: a JVM killed with SIGKILL runs no hook, and the
 * next simulator started removes what it left there. Thread-safe.
 */
public final class Simulator implements AutoCloseable {
  private static final int LOG_CAPACITY = 10_000;
  private static final String PRIVATE_ROOT_KIND = "aicpu-sim-";

  private final SimConfig config;
  private final Path privateRoot;
  private final List<Chip> chips = new ArrayList<>();
  private final Map<Integer, SimDevice> byPhysical = new HashMap<>();
  private final SimHostState host;
  private final SimDevicePorts devicePorts;
  private final SimLaunchPorts launchPorts;
  private final SimRegistrationPorts registrationPorts;
  private final OpExecuteWatchdog watchdog;
  private final DeviceLog log;
  private final Thread shutdownHook;
  private final Inspector inspector = new Inspector();
  private boolean closed;

  private Simulator(SimConfig config, Function<String, Logger> loggers, MDCAdapter mdc)
      throws IOException {
    this.config = config;
    this.log = new DeviceLog(LOG_CAPACITY, loggers, mdc);
    config.preinstallDirs().forEach(Simulator::checkPreinstallDir);
    OwnedTempFiles.sweep(NativeFiles.tmpdir(), PRIVATE_ROOT_KIND, PRIVATE_ROOT_KIND + "*");
    this.privateRoot =
        OwnedTempFiles.create(
            NativeFiles.tmpdir(), OwnedTempFiles.prefix(PRIVATE_ROOT_KIND), "", true);
    this.watchdog = new OpExecuteWatchdog("aicpu-sim-watchdog");
    Path customRoot =
        config.customRoot() != null ? config.customRoot() : privateRoot.resolve("cust");
    List<Integer> visible = config.visiblePhysicalIds();
    long hostPid = ProcessHandle.current().pid();
    int physical = 0;
    for (int c = 0; c < config.diesPerChip().size(); c++) {
      Path chipDir = Files.createDirectories(privateRoot.resolve("chip" + c));
      // The chip's /usr/lib64/aicpu_kernels/, and its 0/aicpu_kernels_device/ (PROTOCOL 7.3).
      Path kernelRoot = Files.createDirectories(chipDir.resolve("aicpu_kernels"));
      Path preinstall = config.preinstallDirs().get(c);
      if (preinstall == null) {
        preinstall = Files.createDirectories(kernelRoot.resolve("0/aicpu_kernels_device"));
      }
      Path osDir = Files.createDirectories(chipDir.resolve("os"));
      Chip chip = new Chip(c, config, preinstall, kernelRoot, osDir, watchdog, this::deviceLog);
      watchdog.watch(chip);
      for (int die = 0; die < config.diesPerChip().get(c); die++, physical++) {
        Path cust =
            Files.createDirectories(customRoot.resolve("cust_aicpu_" + physical + "_0_" + hostPid));
        SimDevice d =
            new SimDevice(
                chip,
                die,
                physical,
                visible.indexOf(physical),
                die * config.memoryBudgetBytes(),
                config.memoryBudgetBytes(),
                cust,
                config.opExecuteTimeoutMicros());
        chip.addDie(d);
        byPhysical.put(physical, d);
      }
      chips.add(chip);
    }
    List<SimDevice> logical = new ArrayList<>();
    for (int p : visible) {
      logical.add(byPhysical.get(p));
    }
    this.host = new SimHostState(config, logical);
    this.devicePorts = new SimDevicePorts(host);
    this.launchPorts = new SimLaunchPorts(host);
    this.registrationPorts = new SimRegistrationPorts(host);
    this.shutdownHook = new Thread(this::closeChips, "aicpu-sim-shutdown");
  }

  /**
   * Refuses a preinstall directory that is not a directory, naming what it is instead; called
   * before anything is created, so a refusal leaves nothing behind (issue 17).
   */
  private static void checkPreinstallDir(int chip, Path dir) {
    String problem;
    if (Files.isDirectory(dir)) {
      // Not its permissions: a read-only directory is the dispatcher's to report, as on a card
      // (AICPU_E_TMP_CREATE, FilesystemFaultsTest).
      problem = null;
    } else if (Files.isRegularFile(dir)) {
      problem = "is a regular file, not a directory";
    } else if (Files.exists(dir)) {
      problem = "is not a directory";
    } else {
      problem = "does not exist";
    }
    if (problem != null) {
      throw new IllegalArgumentException(
          "the preinstall directory "
              + dir
              + " of chip "
              + chip
              + " "
              + problem
              + "; give an existing directory, or none for a private one");
    }
  }

  /**
   * Starts a simulator.
   *
   * @throws SimulatorUnavailableException when this machine cannot run it: not Linux x86-64, no
   *     native half in the jar, or the AICPU OS cannot be written, mapped or started here
   */
  public static Simulator start(SimConfig config) {
    return start(config, LoggerFactory::getLogger, MDC.getMDCAdapter());
  }

  /** {@link #start(SimConfig)} with the device log going to {@code loggers} and {@code mdc}. */
  static Simulator start(SimConfig config, Function<String, Logger> loggers, MDCAdapter mdc) {
    String unsupported = NativeFiles.unsupportedReason();
    if (unsupported != null) {
      throw SimulatorUnavailableException.unsupportedPlatform(unsupported);
    }
    Simulator sim;
    try {
      sim = new Simulator(config, loggers, mdc);
    } catch (IOException | UncheckedIOException e) {
      throw SimulatorUnavailableException.cannotStart(
          "cannot prepare its private directories and device memory", e);
    }
    try {
      for (Chip chip : sim.chips) {
        try {
          chip.start();
        } catch (IllegalStateException e) {
          throw SimulatorUnavailableException.cannotStart(
              "chip " + chip.index() + "'s AICPU OS did not start", e);
        }
      }
      sim.watchdog.start();
      Runtime.getRuntime().addShutdownHook(sim.shutdownHook);
    } catch (RuntimeException e) {
      sim.closeChips();
      throw e;
    }
    return sim;
  }

  /** Every out-port, backed by this simulator. */
  public CannPorts ports() {
    return new CannPorts(
        devicePorts,
        devicePorts,
        devicePorts,
        devicePorts,
        launchPorts,
        registrationPorts,
        launchPorts);
  }

  public SimInspector inspector() {
    return inspector;
  }

  public SimConfig config() {
    return config;
  }

  /** Switches on exactly {@code faults} for a chip (an empty list clears them). */
  public void injectFaults(int chip, SimFault... faults) {
    int flags = 0;
    for (SimFault f : faults) {
      flags |= f.bit();
    }
    Chip c = chip(chip);
    c.setFaults(flags, c.slowFirstLaunchMillis());
  }

  /** Makes the first launch on each die of a chip (after start or reset) take {@code delay}. */
  public void slowFirstLaunch(int chip, Duration delay) {
    Chip c = chip(chip);
    c.setFaults(c.faultFlags(), (int) Math.min(Integer.MAX_VALUE, delay.toMillis()));
  }

  private Chip chip(int chip) {
    if (chip < 0 || chip >= chips.size()) {
      throw new IllegalArgumentException("no chip " + chip + "; there are " + chips.size());
    }
    return chips.get(chip);
  }

  private void deviceLog(Chip chip, int physicalDevice, int moduleId, int level, String text) {
    SimDevice d = byPhysical.get(physicalDevice);
    int logicalId = d == null ? -1 : d.logicalId();
    log.record(new DeviceLogLine(chip.index(), logicalId, moduleId, level, text));
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    host.markClosed();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // the JVM is already shutting down; the hook runs closeChips itself
    }
    closeChips();
  }

  private void closeChips() {
    for (Chip chip : chips) {
      chip.close();
    }
    watchdog.close();
    NativeFiles.deleteTree(privateRoot);
  }

  private final class Inspector implements SimInspector {
    @Override
    public long deviceMemoryBytesInUse(int logicalDevice) {
      SimDevice d = host.device(logicalDevice);
      synchronized (d) {
        return d.allocator().bytesInUse();
      }
    }

    @Override
    public int deviceMemoryHandlesInUse(int logicalDevice) {
      SimDevice d = host.device(logicalDevice);
      synchronized (d) {
        return d.allocator().handlesInUse();
      }
    }

    @Override
    public int registrationsAlive() {
      return host.registrations();
    }

    @Override
    public int functionHandlesAlive() {
      return host.functionHandles();
    }

    @Override
    public int streamsAlive() {
      return host.streamCount();
    }

    @Override
    public int chipOf(int logicalDevice) {
      return host.device(logicalDevice).chip().index();
    }

    @Override
    public Path preinstallDir(int chip) {
      return chip(chip).preinstallDir();
    }

    @Override
    public Path kernelRoot(int chip) {
      return chip(chip).kernelRoot();
    }

    @Override
    public Path customDir(int logicalDevice) {
      return host.device(logicalDevice).customDir();
    }

    @Override
    public Optional<Path> latchedKfcSo(int logicalDevice) {
      return Optional.ofNullable(host.device(logicalDevice).latchedKfcSo()).map(Path::of);
    }

    @Override
    public List<DeviceLogLine> deviceLog() {
      return log.lines();
    }

    @Override
    public List<DeviceLogLine> deviceLog(int logicalDevice) {
      host.device(logicalDevice);
      return log.lines().stream().filter(l -> l.logicalDevice() == logicalDevice).toList();
    }

    @Override
    public long aicpuOsPid(int chip) {
      return chip(chip).osPid();
    }

    @Override
    public boolean poisoned(int logicalDevice) {
      return host.device(logicalDevice).poisoned();
    }
  }
}
