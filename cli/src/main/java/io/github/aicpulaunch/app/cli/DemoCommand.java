package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.domain.naming.OwnedDirectories;
import io.github.aicpulaunch.domain.naming.PrivateFiles;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.strategy.CustomKernelLaunch;
import io.github.aicpulaunch.domain.strategy.LegacyKfcDeployment;
import io.github.aicpulaunch.domain.strategy.LegacyKfcLaunch;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code aicpu-launch demo}: the packaged dispatcher and example vector runtime on the embedded
 * simulator, bootstrapped on both dies of one chip, launched with the policy's choice and with
 * every per-task strategy in turn (custom-kernel included, by explicit request), then the example
 * legacy runtime through the legacy-kfc pair on a simulator of its own; each result checked element
 * by element.
 */
final class DemoCommand implements Callable<Integer> {
  /** The entry that adds the vectors ({@code docs/ABI.md}). */
  static final String EXEC = "simpler_aicpu_exec";

  /** Launch strategies tried after the policy's own choice, in this order. */
  static final List<String> STRATEGIES =
      BuiltInStrategies.LAUNCH_STRATEGIES.stream()
          .filter(name -> !name.equals(LegacyKfcLaunch.NAME))
          .toList();

  /** Why custom-kernel runs only because the demo asks for it: the #822 hazard. */
  static final String CUSTOM_KERNEL_NOTE =
      "custom-kernel is explicit opt-in only, the policy never picks it (simpler #822, F2: the"
          + " custom scheduler is not cache-coherent with AICore writes, so a kernel waiting on"
          + " AICore can spin on a stale value until 507018); the vector add waits on nothing";

  /** Why the legacy-kfc rows run on a simulator of their own. */
  static final String LEGACY_KFC_NOTE =
      "legacy-kfc runs the legacy runtime on a second simulator: CANN's KFC library latches one"
          + " SO per device per process (F1), and the runs above made it latch the dispatcher";

  final CommandSpec spec = CommandModel.command(this, "demo");

  final SimProfileOption profile = new SimProfileOption();

  int blocks = 4;

  int count = 4096;

  boolean json;

  DemoCommand() {
    spec.usageMessage()
        .header("Run the packaged example runtime with every launch strategy on the simulator.")
        .description(
            "Run the packaged example vector runtime (out[i] = a[i] + b[i]) on the embedded"
                + " simulator: bootstrap it through the packaged dispatcher on two simulated"
                + " devices (the paired dies of one chip), launch it across several blocks with the"
                + " policy's choice and with each per-task launch strategy in turn (custom-kernel"
                + " too, requested explicitly: see the #822 note it prints), then run the packaged"
                + " legacy runtime through the legacy-kfc pair on each device of a second simulator"
                + " (CANN's KFC library latches one SO per device per process, F1). Verify every"
                + " element and print one row per run. Builds nothing and needs no NPU.")
        .footer(
            "",
            "Exit codes: 0 every strategy that ran produced the right result (strategies this CANN"
                + " profile refuses are listed as skipped); 2 a result was wrong or a launch"
                + " failed; 1 the simulator could not run; 64 wrong usage.");
    profile.addTo(spec);
    spec.addOption(
        CommandModel.option("--blocks", int.class, blocks, v -> blocks = v)
            .paramLabel("N")
            .description("AICPU blocks per launch (default: ${DEFAULT-VALUE}).")
            .build());
    spec.addOption(
        CommandModel.option("--count", int.class, count, v -> count = v)
            .paramLabel("N")
            .description("Floats per vector (default: ${DEFAULT-VALUE}).")
            .build());
    spec.addOption(
        CommandModel.option("--json", boolean.class, json, v -> json = v)
            .description("Print one JSON object instead of the table.")
            .build());
    CommandModel.addStandardHelpOptions(spec);
  }

  /** One run of the demo: a strategy on a device. */
  record Row(
      int device,
      String requested,
      String launch,
      String fingerprint,
      String preinstallName,
      long micros,
      Outcome outcome,
      String detail) {}

  /**
   * What one run opens and launches.
   *
   * @param requested the row's label: the launch strategy or deployment asked for, or "(policy)"
   * @param entries what the session declares: the runtime's usual entries, or for the legacy
   *     runtime the one entry a legacy KFC launch reaches
   * @param entry the entry that adds the vectors (same 40-byte payload in both runtimes)
   */
  private record Job(
      String requested,
      Path so,
      @Nullable String deployment,
      @Nullable String launch,
      List<String> entries,
      String entry) {
    static Job vector(Path so, @Nullable String launch) {
      return new Job(
          launch == null ? "(policy)" : launch,
          so,
          null,
          launch,
          OpenSessionCommand.DEFAULT_ENTRIES,
          EXEC);
    }

    static Job legacy(Path so) {
      return new Job(
          LegacyKfcLaunch.NAME,
          so,
          LegacyKfcDeployment.NAME,
          null,
          List.of(LegacyKfcLaunch.SERVER_ENTRY),
          LegacyKfcLaunch.SERVER_ENTRY);
    }
  }

  /** How a run ended. */
  enum Outcome {
    PASSED,
    SKIPPED,
    FAILED
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    if (count < 1 || count > (1 << 20)) {
      spec.commandLine().getErr().println("aicpu-launch demo: --count must be 1..1048576");
      return ExitCodes.USAGE;
    }
    List<Row> rows = new ArrayList<>();
    String backend;
    PrintWriter err = spec.commandLine().getErr();
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    // A demo killed with SIGKILL runs no hook: its folder goes at the next start (issue 17).
    OwnedDirectories.sweepDeadOwners(tmp, FOLDER, DemoCommand::deleteTree);
    // The second simulator, while it is open: the shutdown hook closes it too.
    AtomicReference<@Nullable AicpuLaunch> legacySim = new AtomicReference<>();
    try (AicpuLaunch aicpu = simulator()) {
      backend = aicpu.backendDescription();
      DeviceArch arch = aicpu.runtimeInfo().deviceArch();
      Path dir = PrivateFiles.createDirectory(tmp, OwnedDirectories.prefix(FOLDER));
      // Ctrl-C or SIGTERM: the hook closes both simulators and deletes the folder, and says which
      // run it interrupted (issue 17); the loops below stop instead of failing on.
      Interruption interrupt =
          new Interruption(
              "demo",
              err,
              () -> {
                AicpuLaunch own = legacySim.get();
                if (own != null) {
                  own.close();
                }
                aicpu.close();
                deleteTree(dir);
              });
      try {
        interrupt.doing("the extraction of the example runtimes");
        Path so = extract(arch, dir, PackagedSos.VECTOR_RUNTIME);
        Map<String, LaunchStrategy> installed = aicpu.component().launchStrategies();
        for (int device = 0; device < 2 && !interrupt.interrupted(); device++) {
          interrupt.doing("the policy's launch on device " + device);
          rows.add(run(aicpu, device, Job.vector(so, null)));
          for (String strategy : STRATEGIES) {
            if (interrupt.interrupted()) {
              break;
            }
            interrupt.doing("the " + strategy + " launch on device " + device);
            LaunchStrategy launch = installed.get(strategy);
            Optional<String> probed =
                launch == null ? Optional.empty() : loaderRefusal(aicpu, launch, device);
            rows.add(
                launch == null
                    ? skipped(device, strategy, "not installed in this build")
                    : probed.isPresent()
                        ? skipped(device, strategy, "refused: " + probed.get())
                        : run(aicpu, device, Job.vector(so, strategy)));
          }
        }
        if (!interrupt.interrupted()) {
          Path legacy = extract(arch, dir, PackagedSos.LEGACY_RUNTIME);
          try (AicpuLaunch own = simulator()) {
            legacySim.set(own);
            for (int device = 0; device < 2 && !interrupt.interrupted(); device++) {
              interrupt.doing("the " + LegacyKfcLaunch.NAME + " launch on device " + device);
              rows.add(
                  own.component().launchStrategies().containsKey(LegacyKfcLaunch.NAME)
                      ? run(own, device, Job.legacy(legacy))
                      : skipped(device, LegacyKfcLaunch.NAME, "not installed in this build"));
            }
          } finally {
            legacySim.set(null);
          }
        }
      } finally {
        // Everything closed before the hook is told so: it lets the JVM exit once told (the
        // try-with-resources close below is then a no-op, AicpuLaunch.close being idempotent).
        try {
          deleteTree(dir);
          aicpu.close();
        } finally {
          interrupt.close();
        }
      }
      if (interrupt.interrupted()) {
        return ExitCodes.FAILED; // the JVM is exiting with 128 + the signal; the hook said why
      }
    } catch (IOException e) {
      return Failures.report(err, "demo", new UncheckedIOException(e));
    } catch (RuntimeException e) {
      return Failures.report(err, "demo", e);
    }
    boolean passed = rows.stream().noneMatch(r -> r.outcome() == Outcome.FAILED);
    if (json) {
      out.println(toJson(backend, rows, passed));
    } else {
      printTable(out, backend, rows, passed);
    }
    out.flush();
    return passed ? ExitCodes.OK : ExitCodes.NOT_SATISFIED;
  }

  private AicpuLaunch simulator() {
    return AicpuLaunch.simulator(SimConfig.builder().chips(2).profile(profile.profile()).build());
  }

  private Row run(AicpuLaunch aicpu, int device, Job job) {
    String requested = job.requested();
    long start = System.nanoTime();
    SessionInfo info = null;
    try (Session session =
        aicpu.open(
            new OpenSessionCommand(
                device,
                job.so(),
                job.entries(),
                job.deployment(),
                job.launch(),
                TimeoutChain.DEFAULT))) {
      info = session.info();
      String problem = addAndVerify(session, device, job.entry());
      if (problem.isEmpty()) {
        problem = placementProblem(aicpu.simInspector().orElseThrow(), device, info);
      }
      long micros = (System.nanoTime() - start) / 1000;
      boolean legacy = info.launch().equals(LegacyKfcLaunch.NAME);
      return new Row(
          device,
          requested,
          info.launch(),
          info.fingerprint(),
          legacy ? "-" : info.preinstallName(),
          micros,
          problem.isEmpty() ? Outcome.PASSED : Outcome.FAILED,
          problem.isEmpty()
              ? info.policyReason() + note(info.launch()).map(n -> "; " + n).orElse("")
              : problem);
    } catch (InvalidRequestException e) {
      return skipped(device, requested, "refused: " + Failures.oneLine(e));
    } catch (AicpuLaunchException e) {
      long micros = (System.nanoTime() - start) / 1000;
      return new Row(
          device,
          requested,
          info == null ? "-" : info.launch(),
          info == null ? "-" : info.fingerprint(),
          info == null ? "-" : info.preinstallName(),
          micros,
          Outcome.FAILED,
          Failures.oneLine(e));
    }
  }

  /**
   * Why the policy would not pick {@code launch} on this device after its registration probe (the
   * policy's own run on the device probed it): asked for explicitly it would be attempted and fail
   * with CANN's code, which the demo does not need to show again.
   */
  private static Optional<String> loaderRefusal(
      AicpuLaunch aicpu, LaunchStrategy launch, int device) {
    int physical = aicpu.component().ports().runtime().physicalDeviceId(device).orElse(device);
    return aicpu.component().policy().loaderRefusal(launch, aicpu.runtimeInfo(), physical);
  }

  private static Row skipped(int device, String requested, String why) {
    return new Row(device, requested, "-", "-", "-", 0, Outcome.SKIPPED, why);
  }

  /** The note a launch strategy's rows carry, if any. */
  private static Optional<String> note(String launch) {
    return switch (launch) {
      case CustomKernelLaunch.NAME -> Optional.of(CUSTOM_KERNEL_NOTE);
      case LegacyKfcLaunch.NAME -> Optional.of(LEGACY_KFC_NOTE);
      default -> Optional.empty();
    };
  }

  /**
   * Whether the runtime SO is where the session's launches find it: the custom scheduler's
   * directory for custom-kernel, CANN's KFC library for legacy-kfc, the chip's preinstall directory
   * otherwise. Returns what is wrong, or "".
   */
  private static String placementProblem(SimInspector inspector, int device, SessionInfo info) {
    Path file;
    if (info.launch().equals(LegacyKfcLaunch.NAME)) {
      Optional<Path> latched = inspector.latchedKfcSo(device);
      if (latched.isEmpty()) {
        return "the KFC library of device " + device + " latched no SO";
      }
      file = latched.get();
    } else if (info.launch().equals(CustomKernelLaunch.NAME)) {
      file = inspector.customDir(device).resolve(info.preinstallName());
    } else {
      file = inspector.preinstallDir(inspector.chipOf(device)).resolve(info.preinstallName());
    }
    return Files.isRegularFile(file) ? "" : "no file " + file;
  }

  /**
   * Launches {@code out = a + b} over {@link #blocks} blocks and compares every element with the
   * sum computed here; returns what is wrong, or "" when nothing is.
   */
  private String addAndVerify(Session session, int device, String entry) {
    long bytes = 4L * count;
    DeviceBuffer a = session.allocate(bytes);
    DeviceBuffer b = session.allocate(bytes);
    DeviceBuffer c = session.allocate(bytes);
    ByteBuffer ha = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    ByteBuffer hb = ByteBuffer.allocate((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      ha.putFloat(i * 0.25f + device);
      hb.putFloat(1000.0f - i * 0.5f);
    }
    session.write(a, 0, ha.flip());
    session.write(b, 0, hb.flip());
    // The runtime's payload (docs/ABI.md): the vectors, then its block counter {0, numBlocks}.
    ByteBuffer payload = ByteBuffer.allocate(40).order(ByteOrder.LITTLE_ENDIAN);
    payload.putLong(a.address()).putLong(b.address()).putLong(c.address()).putLong(count);
    payload.putInt(0).putInt(blocks).flip();
    session.launch(new LaunchCommand(entry, payload, blocks));
    ByteBuffer result = session.read(c, 0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < count; i++) {
      float expected = ha.getFloat(4 * i) + hb.getFloat(4 * i);
      float actual = result.getFloat(4 * i);
      if (Float.floatToIntBits(expected) != Float.floatToIntBits(actual)) {
        return String.format(
            Locale.ROOT, "element %d of %d is %s, expected %s", i, count, actual, expected);
      }
    }
    return "";
  }

  static Path extract(DeviceArch arch, Path dir, String name) throws IOException {
    byte[] so =
        PackagedSos.bytes(arch, name)
            .orElseThrow(
                () ->
                    new IOException(
                        "this build packages no " + name + " for " + arch.displayName()));
    return Files.write(dir.resolve(name), so);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return; // deleted already (by the shutdown hook, or by the command before it)
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
    }
    Files.deleteIfExists(dir);
  }

  /** The name of the folder the demo extracts its SOs into: {@code aicpu-demo-<pid>-...}. */
  static final String FOLDER = "aicpu-demo-";

  private void printTable(PrintWriter out, String backend, List<Row> rows, boolean passed) {
    out.println("aicpu-launch demo on " + backend);
    out.printf(
        Locale.ROOT,
        "vector add of %d floats over %d blocks, one chip with two dies (devices 0 and 1)%n%n",
        count,
        blocks);
    String format = "%-6s %-16s %-16s %-16s %-36s %9s  %s%n";
    List<String> notes = new ArrayList<>();
    out.printf(
        Locale.ROOT,
        format,
        "device",
        "requested",
        "launch",
        "fingerprint",
        "preinstall name",
        "time",
        "result");
    for (Row r : rows) {
      out.printf(
          Locale.ROOT,
          format,
          r.device(),
          r.requested(),
          r.launch(),
          r.fingerprint(),
          r.preinstallName(),
          r.outcome() == Outcome.SKIPPED
              ? "-"
              : String.format(Locale.ROOT, "%.1f ms", r.micros() / 1000.0),
          r.outcome() == Outcome.PASSED
              ? "ok" + marker(notes, r)
              : r.outcome().name().toLowerCase(Locale.ROOT) + ": " + r.detail());
    }
    for (int i = 0; i < notes.size(); i++) {
      out.printf(Locale.ROOT, "%n[%d] %s", i + 1, notes.get(i));
    }
    out.println();
    out.println(passed ? "demo passed" : "demo FAILED");
  }

  /** " [n]" pointing at the note of a passed row's launch strategy, numbered as first used. */
  private static String marker(List<String> notes, Row r) {
    Optional<String> note = note(r.launch());
    if (note.isEmpty()) {
      return "";
    }
    if (!notes.contains(note.get())) {
      notes.add(note.get());
    }
    return " [" + (notes.indexOf(note.get()) + 1) + "]";
  }

  private String toJson(String backend, List<Row> rows, boolean passed) {
    JsonObject o = new JsonObject();
    o.addProperty("backend", backend);
    o.addProperty("count", count);
    o.addProperty("blocks", blocks);
    JsonArray array = new JsonArray();
    for (Row r : rows) {
      JsonObject j = new JsonObject();
      j.addProperty("device", r.device());
      j.addProperty("requested", r.requested());
      j.addProperty("launch", r.launch());
      j.addProperty("fingerprint", r.fingerprint());
      j.addProperty("preinstallName", r.preinstallName());
      j.addProperty("micros", r.micros());
      j.addProperty("result", r.outcome().name().toLowerCase(Locale.ROOT));
      j.addProperty("detail", r.detail());
      array.add(j);
    }
    o.add("runs", array);
    o.addProperty("passed", passed);
    return new GsonBuilder().create().toJson(o);
  }
}
