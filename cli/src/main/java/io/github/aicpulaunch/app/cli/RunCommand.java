package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.aicpulaunch.adapter.sim.DeviceLogLine;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.domain.naming.PrivateFiles;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.ports.AicpuFailureCause;
import io.github.aicpulaunch.ports.AicpuFailureCause.FaultSite;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.ArgGroupSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ParseResult.GroupMatch;
import picocli.CommandLine.ParseResult.GroupMatchContainer;

/**
 * {@code aicpu-launch run}: a runtime SO's launches with device buffers, checked against golden
 * files: the job a runtime developer's test does, without writing Java.
 */
final class RunCommand implements Callable<Integer> {
  /**
   * The version of the {@code --json} object's shape; a change that drops or renames a key bumps
   * it.
   */
  static final int JSON_SCHEMA_VERSION = 1;

  private static final int CHUNK = 1 << 20;

  /**
   * Bytes allocated before and after every buffer and filled with {@link #guardByte}: a kernel that
   * writes before a buffer's start or past its end changes them, which the run reports after the
   * launches (on a card as on the simulator; neither would say so otherwise). A buffer starts
   * {@code GUARD} bytes into its allocation, so it keeps the allocation's alignment up to 4096.
   */
  static final int GUARD = 4096;

  /** The largest buffer: with its two guards, the size of an allocation still fits a long. */
  static final long MAX_BUFFER = Long.MAX_VALUE - 2 * GUARD;

  /** The guard bytes' pattern: every byte value, in an order a kernel is unlikely to write. */
  static byte guardByte(int i) {
    return (byte) (0x5a + 37 * i);
  }

  /**
   * Bytes that differ between what was read back and what was expected there, fed chunk by chunk:
   * how many, and the offset of the first (meaningful once count is not 0; it may be negative, for
   * a guard before a buffer).
   */
  static final class Differences {
    long count;
    long first;

    /**
     * Compares {@code now} with {@code expected}, both from offset {@code at}, neither consumed.
     */
    void feed(long at, ByteBuffer now, ByteBuffer expected) {
      for (int i = 0; i < expected.remaining(); i++) {
        if (now.get(now.position() + i) != expected.get(expected.position() + i)) {
          if (count++ == 0) {
            first = at + i;
          }
        }
      }
    }
  }

  /** The {@link #GUARD} bytes, built once; {@link #guard} hands out views of them. */
  private static final ByteBuffer GUARD_BYTES = guardBytes();

  private static ByteBuffer guardBytes() {
    ByteBuffer g = ByteBuffer.allocate(GUARD);
    for (int i = 0; i < GUARD; i++) {
      g.put(i, guardByte(i));
    }
    return g.asReadOnlyBuffer();
  }

  /** A read-only view of the {@link #GUARD} bytes, position 0, limit {@link #GUARD}. */
  static ByteBuffer guard() {
    return GUARD_BYTES.duplicate();
  }

  /**
   * A buffer in its allocation, between its guards: offsets are from the buffer's start, so its
   * guard before is at -{@link #GUARD} and its guard after at its size.
   */
  private static final class Guarded {
    private final Session session;
    private final DeviceBuffer allocation;

    Guarded(Session session, DeviceBuffer allocation) {
      this.session = session;
      this.allocation = allocation;
    }

    /** The device address of the buffer's first byte, the one the payload carries. */
    long address() {
      return allocation.address() + GUARD;
    }

    void write(long at, ByteBuffer bytes) {
      session.write(allocation, GUARD + at, bytes);
    }

    ByteBuffer read(long at, int n) {
      return session.read(allocation, GUARD + at, n);
    }
  }

  /** Timeouts while a debugger may hold a task at a breakpoint: minutes, in the chain's order. */
  static final TimeoutChain DEBUGGER_TIMEOUTS =
      new TimeoutChain(Duration.ofMinutes(10), Duration.ofMinutes(60), Duration.ofMinutes(61));

  final CommandSpec spec = CommandModel.command(this, "run");

  /** How long a launch runs before the command says it has not returned (tests shorten it). */
  Duration slowLaunchAfter = Duration.ofSeconds(10);

  Path so = Path.of("");

  List<BufferSpec> inputs = new ArrayList<>();

  List<BufferSpec> outputs = new ArrayList<>();

  List<BufferSpec> scratch = new ArrayList<>();

  /** One launch: an entry and its payload. */
  static final class Launch {
    String entry = "simpler_aicpu_exec";
    List<PayloadArg> args = new ArrayList<>();
    @Nullable Path payload;
    int blocks = 1;
  }

  /** The options of one launch, a group repeated once per launch. */
  private final LaunchOptions launchOptions = new LaunchOptions();

  /** The launches, in order: one per match of {@link #launchOptions}, read in {@link #call}. */
  List<Launch> launches = new ArrayList<>();

  List<String> expectations = new ArrayList<>();

  String dtype = "f32";

  double rtol;

  double atol;

  List<String> declared = new ArrayList<>(OpenSessionCommand.DEFAULT_ENTRIES);

  int device = 0;

  @Nullable String launch;

  @Nullable String deploy;

  boolean fastFail;

  DeviceLogLevel logLevel = DeviceLogLevel.WARN;

  boolean waitForDebugger;

  boolean json;

  final BackendOptions backend = new BackendOptions();

  RunCommand() {
    spec.usageMessage()
        .header("Launch a runtime SO on a device with buffers from files, and check its outputs.")
        .sortOptions(false)
        .width(100)
        .description(
            "Bootstrap a runtime SO on a device, register its entries, fill device buffers from files,",
            "run one or more launches in order (e.g. simpler_aicpu_init, then simpler_aicpu_exec), copy",
            "outputs to files and compare them with golden files.",
            "",
            "Buffers: --in x=x.bin (allocated at the file's size and filled from it), --out",
            "y=y.bin[:SIZE] (allocated and zeroed; written to the file after the last launch, atomically;",
            "SIZE may be left out when --expect y=... gives it), --buf tmp=SIZE (scratch, zeroed). SIZE",
            "is bytes, or with K, M or G. Every buffer is freed whatever happens. Each has 4096 guard",
            "bytes before and after it, checked when the launches succeeded: a kernel that wrote out",
            "of a buffer's bounds, within 4096 bytes of it, fails the run.",
            "",
            "Launches run in order after the session opened. Opening it launches simpler_aicpu_init",
            "once with InitArgs {device, log level 25, scheduler timeout} when the runtime declares it,",
            "as upstream's host does; launch it again with --entry to pass other values. Each launch",
            "starts with --entry NAME and takes the options after it up to the next --entry. Its",
            "payload is either --arg values, laid out like the members of a C struct in the",
            "order given (each at its natural alignment, the total padded to the largest), or the bytes",
            "of --payload FILE (1..65536 bytes), not both. --arg is one of:",
            "  u32:N  i32:N  u64:N  i64:N   integers, decimal or 0x hex",
            "  f32:X  f64:X                 floating point",
            "  ptr:NAME                     the device address of buffer NAME (8 bytes)",
            "  size:NAME                    the size in bytes of buffer NAME (8 bytes)",
            "  blocks                       aicpu_block.h's counter {u32 next = 0; u32 count = --blocks}",
            "",
            "Example (the scaffold of 'aicpu-launch new'):",
            "  aicpu-launch run libsaxpy.so --in x=x.bin --in y=y.bin --out out=out.bin \\",
            "    --expect out=expected.bin --entry simpler_aicpu_exec --blocks 4 \\",
            "    --arg ptr:x --arg ptr:y --arg ptr:out --arg size:out --arg f32:2.5 --arg blocks",
            "")
        .footer(
            "",
            "Device log (simulator): DlogRecord lines and the kernel's printf (as info) are printed on",
            "standard error after the run, from --log-level up (default warn); --json carries them.",
            "On a card CANN keeps the device log on the device (docs/DEBUGGING.md).",
            "",
            "Exit codes: 0 every launch succeeded and every --expect matched; 2 the launches succeeded",
            "but an output differs from its golden file (the first differing element is named) or a",
            "kernel wrote before the start or past the end of a buffer (its guard bytes are named);",
            "1 an input file cannot be read (missing, no permission) or something failed after the",
            "first device call (the message names the phase: open, bootstrap, registration probe,",
            "registration, init launch, exec, sync or unload; the CANN code, the kernel's return value",
            "where known, and the way out are printed);",
            "3 refused before any device call (an input that is not a regular file or not of an",
            "allowed size, wrong-arch SO, missing entry, a strategy this CANN cannot run, a KFC latch",
            "conflict); 4 the backend asked for is not available; 64 wrong usage (an unknown buffer",
            "name, a malformed --arg, --arg with --payload, ...).");
    spec.addPositional(
        CommandModel.positional("0", Path.class, so, v -> so = v)
            .paramLabel("<so>")
            .required(true)
            .description("The runtime SO to launch.")
            .build());
    spec.addOption(
        CommandModel.list("--in", BufferSpec.class, inputs, v -> inputs = v)
            .paramLabel("NAME=FILE")
            .converters(new BufferSpec.In())
            .description("An input buffer, filled from FILE (repeatable).")
            .build());
    spec.addOption(
        CommandModel.list("--out", BufferSpec.class, outputs, v -> outputs = v)
            .paramLabel("NAME=FILE[:SIZE]")
            .converters(new BufferSpec.Out())
            .description(
                "An output buffer, zeroed, written to FILE after the last launch (repeatable).")
            .build());
    spec.addOption(
        CommandModel.list("--buf", BufferSpec.class, scratch, v -> scratch = v)
            .paramLabel("NAME=SIZE")
            .converters(new BufferSpec.Buf())
            .description("A scratch buffer of SIZE bytes, zeroed (repeatable).")
            .build());
    spec.addArgGroup(launchOptions.group);
    spec.addOption(
        CommandModel.list("--expect", String.class, expectations, v -> expectations = v)
            .paramLabel("NAME=FILE")
            .description("Compare buffer NAME after the last launch with golden FILE (repeatable).")
            .build());
    spec.addOption(
        CommandModel.option("--dtype", String.class, dtype, v -> dtype = v)
            .paramLabel("TYPE")
            .description(
                "Element type of --expect: f32, f64, i32, u32, i64, u64 or u8 (default:"
                    + " ${DEFAULT-VALUE}); mismatches are reported as elements of this type.")
            .build());
    spec.addOption(
        CommandModel.option("--rtol", double.class, rtol, v -> rtol = v)
            .paramLabel("R")
            .description("Relative tolerance of --expect for f32/f64 (default: 0, exact).")
            .build());
    spec.addOption(
        CommandModel.option("--atol", double.class, atol, v -> atol = v)
            .paramLabel("A")
            .description("Absolute tolerance of --expect for f32/f64 (default: 0, exact).")
            .build());
    spec.addOption(
        CommandModel.list("--declare", String.class, declared, v -> declared = v)
            .paramLabel("E1,E2")
            .splitRegex(",")
            .description(
                "Every entry to register when the session opens; launched entries are added when "
                    + "missing (default: simpler_aicpu_exec,simpler_aicpu_init).")
            .build());
    spec.addOption(
        CommandModel.option("--device", int.class, device, v -> device = v)
            .paramLabel("N")
            .description("Logical device id (default: ${DEFAULT-VALUE}).")
            .build());
    spec.addOption(
        CommandModel.option("--launch", String.class, launch, v -> launch = v)
            .paramLabel("STRATEGY")
            .completionCandidates(new Names.LaunchStrategies())
            .description(
                "The launch strategy: ${COMPLETION-CANDIDATES} (default: the policy's choice). "
                    + BuiltInStrategies.CUSTOM_KERNEL
                    + " runs only when named (#822), "
                    + BuiltInStrategies.LEGACY_KFC
                    + " only with --deploy "
                    + BuiltInStrategies.LEGACY_KFC
                    + ".")
            .build());
    spec.addOption(
        CommandModel.option("--deploy", String.class, deploy, v -> deploy = v)
            .paramLabel("DEPLOYMENT")
            .completionCandidates(new Names.Deployments())
            .description(
                "How the runtime SO reaches the device: ${COMPLETION-CANDIDATES} (default: the"
                    + " policy's choice).")
            .build());
    spec.addOption(
        CommandModel.option("--fast-fail", boolean.class, fastFail, v -> fastFail = v)
            .description(
                "Timeouts of 2 s / 3 s / 4 s (scheduler, op-execute, stream sync) instead of"
                    + " 10 s / 45 s / 50 s.")
            .build());
    spec.addOption(
        CommandModel.option("--log-level", DeviceLogLevel.class, logLevel, v -> logLevel = v)
            .paramLabel("LEVEL")
            .converters(new DeviceLogLevel.Converter())
            .description(
                "Device log lines to show: debug, info, warn, error or off (default:"
                    + " ${DEFAULT-VALUE}). A kernel's printf shows as info.")
            .build());
    spec.addOption(
        CommandModel.option(
                "--wait-for-debugger", boolean.class, waitForDebugger, v -> waitForDebugger = v)
            .description(
                "Simulator: before the first launch, print the AICPU OS process's pid (for gdb -p"
                    + " PID) and wait for a line (Enter) or the end of standard input; timeouts"
                    + " become 10 min / 60 min / 61 min so a breakpoint does not trip them.")
            .build());
    spec.addOption(
        CommandModel.option("--json", boolean.class, json, v -> json = v)
            .description("Print one JSON object instead of text.")
            .build());
    backend.addTo(spec);
    CommandModel.addStandardHelpOptions(spec);
  }

  /**
   * The options of one launch: picocli's repeated group ({@code exclusive = false, multiplicity =
   * "0..*"}), each match a launch. The values are read per match from the parse result, so each
   * launch has exactly the options picocli matched to it.
   */
  private static final class LaunchOptions {
    private static final Launch DEFAULTS = new Launch();

    final OptionSpec entry =
        OptionSpec.builder("--entry")
            .paramLabel("NAME")
            .type(String.class)
            .initialValue(DEFAULTS.entry)
            .hasInitialValue(true)
            .description("Starts a launch of entry NAME (default: simpler_aicpu_exec).")
            .build();
    final OptionSpec arg =
        OptionSpec.builder("--arg")
            .paramLabel("TYPE:VALUE")
            .type(List.class)
            .auxiliaryTypes(PayloadArg.class)
            .converters(new PayloadArg.Converter())
            .description("The launch's next payload value (repeatable; see above).")
            .build();
    final OptionSpec payload =
        OptionSpec.builder("--payload")
            .paramLabel("FILE")
            .type(Path.class)
            .description("The launch's payload bytes, as given (instead of --arg).")
            .build();
    final OptionSpec blocks =
        OptionSpec.builder("--blocks")
            .paramLabel("N")
            .type(int.class)
            .initialValue(DEFAULTS.blocks)
            .hasInitialValue(true)
            .description("AICPU blocks of the launch (default: 1).")
            .build();
    final ArgGroupSpec group =
        ArgGroupSpec.builder()
            .exclusive(false)
            .multiplicity("0..*")
            .heading("%nLaunches, in order:%n")
            .addArg(entry)
            .addArg(arg)
            .addArg(payload)
            .addArg(blocks)
            .build();

    /** The launches {@code parsed} matched, in command-line order. */
    List<Launch> launches(ParseResult parsed) {
      List<Launch> all = new ArrayList<>();
      for (GroupMatchContainer container : parsed.findMatches(group)) {
        for (GroupMatch match : container.matches()) {
          Launch l = new Launch();
          for (Object v : match.matchedValues(entry)) {
            l.entry = (String) v;
          }
          for (Object v : match.matchedValues(arg)) {
            for (Object a : (List<?>) v) {
              l.args.add((PayloadArg) a);
            }
          }
          for (Object v : match.matchedValues(payload)) {
            l.payload = (Path) v;
          }
          for (Object v : match.matchedValues(blocks)) {
            l.blocks = (Integer) v;
          }
          all.add(l);
        }
      }
      return all;
    }
  }

  /** Opens the backend; tests replace it to keep the simulator's inspector. */
  Function<BackendOptions, AicpuLaunch> opener = BackendOptions::open;

  /** Where {@code --wait-for-debugger} waits for its line. */
  InputStream stdin = System.in;

  @Override
  public Integer call() {
    launches = launchOptions.launches(spec.commandLine().getParseResult());
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Plan plan;
    try {
      plan = plan();
    } catch (IllegalArgumentException e) {
      return usage(err, e.getMessage());
    } catch (InputFile.Unusable e) {
      return input(out, err, e);
    }
    OpenSessionCommand open;
    try {
      open =
          new OpenSessionCommand(
              device,
              so,
              plan.entries,
              deploy,
              launch,
              waitForDebugger
                  ? DEBUGGER_TIMEOUTS
                  : fastFail ? TimeoutChain.FAST_FAIL : TimeoutChain.DEFAULT);
    } catch (InvalidRequestException e) {
      return failed(out, err, new Report(), e);
    }
    return new Execution(plan, open, out, err).run();
  }

  /** What the command line asks for, checked before anything is opened. */
  private static final class Plan {
    final Map<String, BufferSpec> buffers = new LinkedHashMap<>();
    final Map<String, Long> sizes = new LinkedHashMap<>();
    final Map<String, InputFile> inputFiles = new LinkedHashMap<>();
    final List<Launch> launches = new ArrayList<>();
    final List<ByteBuffer> payloads = new ArrayList<>();
    final List<@Nullable PayloadLayout> layouts = new ArrayList<>();
    final Map<String, InputFile> golden = new LinkedHashMap<>();
    final List<String> entries = new ArrayList<>();
    Comparison.Dtype dtype = Comparison.Dtype.F32;
  }

  private Plan plan() throws InputFile.Unusable {
    Plan p = new Plan();
    List<BufferSpec> all = new ArrayList<>(inputs);
    all.addAll(outputs);
    all.addAll(scratch);
    for (BufferSpec b : all) {
      BufferSpec other = p.buffers.putIfAbsent(b.name(), b);
      if (other != null) {
        throw new IllegalArgumentException(
            "The buffer name '"
                + b.name()
                + "' is given twice ("
                + other.kind().option()
                + " and "
                + b.kind().option()
                + "); give every buffer a name of its own.");
      }
    }
    try {
      p.dtype = Comparison.Dtype.valueOf(dtype.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--dtype '"
              + dtype
              + "' is not an element type; use f32, f64, i32, u32, i64, u64 or u8.");
    }
    if (rtol < 0 || atol < 0 || Double.isNaN(rtol) || Double.isNaN(atol)) {
      throw new IllegalArgumentException("--rtol and --atol must be numbers >= 0.");
    }
    if ((rtol != 0 || atol != 0) && !p.dtype.floating) {
      throw new IllegalArgumentException(
          "--rtol/--atol compare floating-point elements, but --dtype is "
              + p.dtype.label()
              + "; use --dtype f32 or f64, or compare exactly.");
    }
    Set<String> expected = new HashSet<>();
    Map<String, Path> goldenFiles = new LinkedHashMap<>();
    for (String e : expectations) {
      int eq = e.indexOf('=');
      String name = eq < 0 ? e : e.substring(0, eq).strip();
      if (eq < 0 || eq == e.length() - 1) {
        throw new IllegalArgumentException("--expect '" + e + "' is not NAME=FILE.");
      }
      if (!p.buffers.containsKey(name)) {
        throw unknownBuffer("--expect " + e, name, p);
      }
      if (!expected.add(name)) {
        throw new IllegalArgumentException(
            "--expect names the buffer '" + name + "' twice; compare each buffer once.");
      }
      goldenFiles.put(name, Path.of(e.substring(eq + 1)));
    }
    List<Launch> groups = launches.isEmpty() ? List.of(new Launch()) : launches;
    for (Launch l : groups) {
      if (l.payload != null && !l.args.isEmpty()) {
        throw new IllegalArgumentException(
            "The launch of "
                + l.entry
                + " has both --arg values and --payload "
                + l.payload
                + "; give one or the other.");
      }
      if (l.payload == null && l.args.isEmpty()) {
        throw new IllegalArgumentException(
            "The launch of "
                + l.entry
                + " has no payload; give its --arg values or --payload FILE after its --entry.");
      }
      if (l.blocks < 1 || l.blocks > LaunchCommand.MAX_BLOCKS) {
        throw new IllegalArgumentException(
            "--blocks "
                + l.blocks
                + " of the launch of "
                + l.entry
                + " is outside 1.."
                + LaunchCommand.MAX_BLOCKS
                + ".");
      }
      for (PayloadArg a : l.args) {
        if (!a.buffer().isEmpty() && !p.buffers.containsKey(a.buffer())) {
          throw unknownBuffer("--arg " + a.text(), a.buffer(), p);
        }
      }
      p.launches.add(l);
    }
    for (String entry : declared) {
      if (!p.entries.contains(entry)) {
        p.entries.add(entry);
      }
    }
    for (Launch l : p.launches) {
      if (!p.entries.contains(l.entry)) {
        p.entries.add(l.entry);
      }
    }
    // Files, by type and size before any byte is read.
    for (BufferSpec b : inputs) {
      InputFile f = InputFile.check("--in " + b.name(), requireFile(b), 1, Long.MAX_VALUE);
      p.inputFiles.put(b.name(), f);
      p.sizes.put(b.name(), f.size());
    }
    for (BufferSpec b : scratch) {
      p.sizes.put(b.name(), b.size());
    }
    for (Map.Entry<String, Path> g : goldenFiles.entrySet()) {
      BufferSpec b = p.buffers.get(g.getKey());
      long size = b.kind() == BufferSpec.Kind.OUT ? b.size() : p.sizes.getOrDefault(b.name(), -1L);
      String role = "--expect " + g.getKey();
      InputFile f =
          size < 0
              ? InputFile.check(role, g.getValue(), 1, Long.MAX_VALUE)
              : InputFile.check(role, g.getValue(), size, size);
      p.golden.put(g.getKey(), f);
    }
    for (BufferSpec b : outputs) {
      long size = b.size();
      if (size < 0) {
        InputFile g = p.golden.get(b.name());
        if (g == null) {
          throw new IllegalArgumentException(
              "--out "
                  + b.name()
                  + " has no size; write --out "
                  + b.name()
                  + "="
                  + b.file()
                  + ":SIZE, or give --expect "
                  + b.name()
                  + "=FILE, whose size it then takes.");
        }
        size = g.size();
      }
      p.sizes.put(b.name(), size);
      Path parent = requireFile(b).toAbsolutePath().getParent();
      if (parent == null || !Files.isDirectory(parent)) {
        throw new InputFile.Unusable(
            "--out " + b.name() + ": the directory of " + b.file() + " does not exist.");
      }
    }
    for (Map.Entry<String, Long> b : p.sizes.entrySet()) {
      if (b.getValue() > MAX_BUFFER) {
        throw new IllegalArgumentException(
            "Buffer "
                + b.getKey()
                + " of "
                + b.getValue()
                + " bytes is larger than run can allocate with its guard bytes; a buffer has at most "
                + MAX_BUFFER
                + ".");
      }
    }
    for (Map.Entry<String, InputFile> g : p.golden.entrySet()) {
      if (g.getValue().size() % p.dtype.size != 0) {
        throw new IllegalArgumentException(
            "--expect "
                + g.getKey()
                + " has "
                + g.getValue().size()
                + " bytes, not a whole number of "
                + p.dtype.label()
                + " elements ("
                + p.dtype.size
                + " bytes each); pick the --dtype the buffer holds.");
      }
    }
    for (Launch l : p.launches) {
      if (l.payload != null) {
        InputFile f =
            InputFile.check("--payload of " + l.entry, l.payload, 1, LaunchCommand.MAX_PAYLOAD);
        p.payloads.add(ByteBuffer.wrap(f.readAll()));
        p.layouts.add(null);
      } else {
        PayloadLayout layout = PayloadLayout.of(l.args);
        if (layout.size() > LaunchCommand.MAX_PAYLOAD) {
          throw new IllegalArgumentException(
              "The --arg values of "
                  + l.entry
                  + " make "
                  + layout.size()
                  + " bytes; a payload has at most "
                  + LaunchCommand.MAX_PAYLOAD
                  + ".");
        }
        p.payloads.add(ByteBuffer.allocate(0));
        p.layouts.add(layout);
      }
    }
    return p;
  }

  private static Path requireFile(BufferSpec b) {
    Path f = b.file();
    if (f == null) {
      throw new IllegalStateException(b.kind().option() + " " + b.name() + " has no file");
    }
    return f;
  }

  private static IllegalArgumentException unknownBuffer(String where, String name, Plan p) {
    return new IllegalArgumentException(
        where
            + " names the buffer '"
            + name
            + "', which no --in, --out or --buf declares"
            + (p.buffers.isEmpty()
                ? ""
                : " (declared: " + String.join(", ", p.buffers.keySet()) + ")")
            + ".");
  }

  private int usage(PrintWriter err, @Nullable String message) {
    err.println("aicpu-launch run: " + message);
    err.println("Try 'aicpu-launch run --help'.");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** An input file refused by its type or size (3), or unreadable (1): before any device call. */
  private int input(PrintWriter out, PrintWriter err, InputFile.Unusable e) {
    int code = e.refused() ? ExitCodes.REFUSED : ExitCodes.FAILED;
    if (json) {
      JsonObject o = new Report().json();
      o.addProperty("result", e.refused() ? "refused" : "failed");
      o.addProperty("exitCode", code);
      o.addProperty("error", "input");
      o.addProperty("message", e.getMessage());
      out.println(new GsonBuilder().serializeNulls().create().toJson(o));
      out.flush();
    }
    err.println("aicpu-launch run: " + e.getMessage());
    err.flush();
    return code;
  }

  private int failed(PrintWriter out, PrintWriter err, Report report, RuntimeException e) {
    printLog(err, report);
    if (json) {
      JsonObject o = report.json();
      Failures.describe(e).entrySet().forEach(en -> o.add(en.getKey(), en.getValue()));
      out.println(new GsonBuilder().serializeNulls().create().toJson(o));
      out.flush();
      return Failures.report(err, "run", e);
    }
    // What failed first, in the user's words (the kernel, its launch and payload; the buffer),
    // then CANN's words and the hint.
    FaultSite site =
        e instanceof CannCallException c
            ? AicpuFailureCause.faultSite(c.recentErrorMessage().orElse(null))
            : null;
    // The fault is in the user's SO when the file is the device's copy of it: its preinstall name,
    // or under legacy-kfc the name the simulator's KFC library saves the runtime it latches under
    // (the name CANN's own library uses is not known, PROTOCOL §7; a card sends no fault report).
    SessionInfo info = report.info;
    boolean inSo =
        site != null
            && info != null
            && (site.file().equals(info.preinstallName())
                || info.deployment().equals(BuiltInStrategies.LEGACY_KFC)
                    && site.file().startsWith("libaicpu_kfc_server_"));
    for (JsonObject l : report.launchReports) {
      if (l.get("result").getAsString().equals("failed")) {
        err.println(
            "aicpu-launch run: "
                + l.get("entry").getAsString()
                + " on device "
                + device
                + " failed"
                + what(e, site, inSo)
                + "; "
                + l.get("blocks").getAsInt()
                + " block(s), payload "
                + l.get("payload").getAsString());
        if (site != null && inSo) {
          err.println(
              "aicpu-launch run: addr2line -f -e "
                  + so
                  + " "
                  + site.offset()
                  + " names the function and, built with -g, the source line that faulted");
        } else if (site != null) {
          err.println(
              "aicpu-launch run: the fault is in "
                  + site.file()
                  + ", not in "
                  + so.getFileName()
                  + ": a call from the kernel passed it a bad pointer or size; gdb's bt with"
                  + " --wait-for-debugger shows which (docs/DEBUGGING.md)");
        }
      }
    }
    String buffer = report.allocating;
    if (buffer != null) {
      err.println(
          "aicpu-launch run: the allocation of buffer "
              + buffer
              + " failed ("
              + report.allocatingBytes
              + " bytes and its 2 x "
              + GUARD
              + " guard bytes)");
    }
    int code = Failures.report(err, "run", e);
    // An output file of an earlier run is still there, and nothing says it is not this run's.
    for (BufferSpec b : outputs) {
      Path f = b.file();
      if (f != null && !report.written.contains(b.name()) && Files.exists(f)) {
        err.println(
            "aicpu-launch run: "
                + f
                + " was not written by this run; the file there is from before it");
      }
    }
    err.flush();
    return code;
  }

  /**
   * What a failed launch's kernel did, as CANN's message tells it: {@code : the kernel returned 7}.
   */
  private String what(RuntimeException e, @Nullable FaultSite site, boolean inSo) {
    if (e instanceof CannCallException.KernelFailure k) {
      return ": the kernel returned " + Long.toUnsignedString(k.returnCode());
    }
    if (e instanceof CannCallException c) {
      String recent = c.recentErrorMessage().orElse(null);
      String crashed =
          recent != null && recent.contains("a stack overflow:")
              ? ": the kernel overflowed its stack"
              : ": the kernel crashed the AICPU process";
      return switch (AicpuFailureCause.of(recent)) {
        case CRASHED ->
            site == null
                ? crashed
                : crashed + " at " + (inSo ? so.getFileName() : site.file()) + "+" + site.offset();
        case TIMED_OUT -> ": the op-execute watchdog ended it";
        default -> "";
      };
    }
    return "";
  }

  private void printLog(PrintWriter err, Report report) {
    if (json) {
      return;
    }
    for (DeviceLogLine l : report.log) {
      err.println(logLine(l));
    }
    err.flush();
  }

  private static String logLine(DeviceLogLine l) {
    String where =
        l.printed()
            ? "chip " + l.chip() + " printf"
            : l.logicalDevice() >= 0 ? "device " + l.logicalDevice() : "chip " + l.chip();
    return "[" + where + " " + DeviceLogLevel.name(l.level()) + "] " + l.text();
  }

  /** What happened, for the text and JSON reports, filled in as the run goes. */
  private final class Report {
    @Nullable String backendName;
    @Nullable String reason;
    @Nullable SessionInfo info;
    final List<JsonObject> launchReports = new ArrayList<>();
    final List<JsonObject> expectReports = new ArrayList<>();
    final List<JsonObject> bufferReports = new ArrayList<>();
    final List<String> lines = new ArrayList<>();
    List<DeviceLogLine> log = List.of();
    @Nullable String logSource;
    long openNanos;
    long buffersNanos;
    long launchNanos;
    long readBackNanos;
    long totalNanos;
    boolean matched = true;
    final List<JsonObject> overruns = new ArrayList<>();

    /** Inputs the launches wrote into; looked for only when an output or a guard is wrong. */
    final List<JsonObject> changedInputs = new ArrayList<>();

    /** The outputs whose files this run wrote. */
    final Set<String> written = new HashSet<>();

    /** The buffer being allocated while it is, and its size (its guards not counted). */
    @Nullable String allocating;

    long allocatingBytes;

    String result() {
      return !overruns.isEmpty() ? "out-of-bounds" : matched ? "ok" : "mismatch";
    }

    boolean satisfied() {
      return matched && overruns.isEmpty();
    }

    JsonObject json() {
      JsonObject o = new JsonObject();
      o.addProperty("schemaVersion", JSON_SCHEMA_VERSION);
      o.addProperty("command", "run");
      o.addProperty("result", result());
      o.addProperty("exitCode", satisfied() ? ExitCodes.OK : ExitCodes.NOT_SATISFIED);
      o.addProperty("so", so.toString());
      o.addProperty("backend", backendName);
      o.addProperty("backendReason", reason);
      SessionInfo i = info;
      if (i != null) {
        o.addProperty("deployment", i.deployment());
        o.addProperty("launch", i.launch());
        o.addProperty("policyReason", i.policyReason());
        o.addProperty("device", i.device());
        o.addProperty("fingerprint", i.fingerprint());
        o.addProperty("fingerprintSource", i.fingerprintSource());
        o.addProperty("preinstallName", i.preinstallName());
        JsonArray e = new JsonArray();
        i.entries().forEach(e::add);
        o.add("entries", e);
      }
      o.add("buffers", array(bufferReports));
      o.add("launches", array(launchReports));
      String buffer = allocating;
      if (buffer != null) {
        JsonObject f = new JsonObject();
        f.addProperty("name", buffer);
        f.addProperty("bytes", allocatingBytes);
        f.addProperty("guardBytes", 2 * GUARD);
        o.add("failedAllocation", f);
      }
      o.add("expect", array(expectReports));
      o.add("outOfBounds", array(overruns));
      o.add("changedInputs", array(changedInputs));
      JsonArray logArray = new JsonArray();
      for (DeviceLogLine l : log) {
        JsonObject line = new JsonObject();
        line.addProperty("chip", l.chip());
        line.addProperty("device", l.logicalDevice());
        line.addProperty("level", DeviceLogLevel.name(l.level()));
        line.addProperty("module", l.moduleId());
        line.addProperty("printed", l.printed());
        line.addProperty("text", l.text());
        logArray.add(line);
      }
      o.addProperty("logLevel", logLevel.toString());
      o.addProperty("logSource", logSource);
      o.add("log", logArray);
      JsonObject t = new JsonObject();
      t.addProperty("openMicros", openNanos / 1000);
      t.addProperty("buffersMicros", buffersNanos / 1000);
      t.addProperty("launchMicros", launchNanos / 1000);
      t.addProperty("readBackMicros", readBackNanos / 1000);
      t.addProperty("totalMicros", totalNanos / 1000);
      o.add("timings", t);
      return o;
    }

    private JsonArray array(List<JsonObject> items) {
      JsonArray a = new JsonArray();
      items.forEach(a::add);
      return a;
    }
  }

  /** One run: opens, launches, reads back, compares, always frees and closes. */
  private final class Execution {
    private final Plan plan;
    private final OpenSessionCommand open;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Report report = new Report();
    private final Map<String, Guarded> allocated = new LinkedHashMap<>();
    private @Nullable Interruption interruption;

    Execution(Plan plan, OpenSessionCommand open, PrintWriter out, PrintWriter err) {
      this.plan = plan;
      this.open = open;
      this.out = out;
      this.err = err;
    }

    int run() {
      long start = System.nanoTime();
      AicpuLaunch aicpu;
      try {
        aicpu = opener.apply(backend);
      } catch (RuntimeException e) {
        return failed(out, err, report, e);
      }
      Optional<SimInspector> inspector = aicpu.simInspector();
      int logFrom = inspector.map(i -> i.deviceLog().size()).orElse(0);
      RuntimeException failure = null;
      Interruption interrupt = new Interruption("run", err, aicpu);
      interruption = interrupt;
      try {
        report.backendName = aicpu.backendDescription();
        report.reason = aicpu.reason();
        if (waitForDebugger && inspector.isEmpty()) {
          throw new InvalidRequestException(
              "--wait-for-debugger needs the simulator: on a card the kernel runs in CANN's AICPU"
                  + " process on the device, which no host debugger can attach to.",
              "Run with --backend sim to debug the kernel with gdb on this machine.");
        }
        // Closing the session frees every buffer it allocated.
        interrupt.doing("the opening of a session on device " + device);
        try (Session session = aicpu.open(open)) {
          report.info = session.info();
          report.openNanos = System.nanoTime() - start;
          runSession(session, inspector);
        }
      } catch (RuntimeException e) {
        failure = e;
        if (abandonsTheSession(e) && !interrupt.interrupted()) {
          // The failure abandoned the session without freeing its buffers (a failed device may
          // block for minutes, F20); the force reset releases everything this process holds
          // there, as a card's does.
          try {
            aicpu.recover(device);
          } catch (RuntimeException r) {
            e.addSuppressed(r);
          }
        }
      } finally {
        try {
          aicpu.close();
        } catch (RuntimeException e) {
          if (failure == null) {
            failure = e;
          }
        } finally {
          interrupt.close();
        }
      }
      if (interrupt.interrupted()) {
        return ExitCodes.FAILED; // the JVM exits 130 or 143; the hook said what was interrupted
      }
      report.totalNanos = System.nanoTime() - start;
      if (inspector.isPresent()) {
        // Read after the close: the AICPU OS has exited and every printed line is in.
        List<DeviceLogLine> all = inspector.get().deviceLog();
        report.log =
            all.subList(Math.min(logFrom, all.size()), all.size()).stream()
                .filter(l -> logLevel.shows(l.level()))
                .toList();
        report.logSource = "simulator";
      } else {
        report.logSource = "none: CANN keeps the device log on the device (docs/DEBUGGING.md)";
      }
      if (failure != null) {
        return failed(out, err, report, failure);
      }
      printLog(err, report);
      if (json) {
        out.println(new GsonBuilder().serializeNulls().create().toJson(report.json()));
      } else {
        out.println(text());
      }
      out.flush();
      return report.satisfied() ? ExitCodes.OK : ExitCodes.NOT_SATISFIED;
    }

    private void runSession(Session session, Optional<SimInspector> inspector) {
      long t0 = System.nanoTime();
      doing("the writing of the input buffers");
      for (BufferSpec b : plan.buffers.values()) {
        long size = plan.sizes.get(b.name());
        report.allocating = b.name();
        report.allocatingBytes = size;
        Guarded d = new Guarded(session, session.allocate(GUARD + size + GUARD));
        report.allocating = null;
        allocated.put(b.name(), d);
        d.write(-GUARD, guard());
        InputFile in = plan.inputFiles.get(b.name());
        if (in != null) {
          copyIn(d, in);
        } else {
          zero(d, size);
        }
        d.write(size, guard());
        JsonObject r = new JsonObject();
        r.addProperty("name", b.name());
        r.addProperty("kind", b.kind().name().toLowerCase(Locale.ROOT));
        r.addProperty("bytes", size);
        Path f = b.file();
        r.addProperty("file", f == null ? null : f.toString());
        report.bufferReports.add(r);
      }
      report.buffersNanos = System.nanoTime() - t0;
      if (waitForDebugger) {
        waitForDebugger(inspector.orElseThrow());
      }
      long t1 = System.nanoTime();
      for (int i = 0; i < plan.launches.size(); i++) {
        Launch l = plan.launches.get(i);
        PayloadLayout layout = plan.layouts.get(i);
        ByteBuffer payload =
            layout == null
                ? plan.payloads.get(i).duplicate()
                : layout.encode(name -> allocated.get(name).address(), plan.sizes::get, l.blocks);
        JsonObject r = new JsonObject();
        r.addProperty("entry", l.entry);
        r.addProperty("blocks", l.blocks);
        r.addProperty("payloadBytes", payload.remaining());
        r.addProperty("payload", layout == null ? "--payload " + l.payload : layout.describe());
        report.launchReports.add(r);
        long s = System.nanoTime();
        doing(
            "the launch of "
                + l.entry
                + " ("
                + (i + 1)
                + " of "
                + plan.launches.size()
                + ") on device "
                + device);
        try (SlowLaunch notice = slowLaunchNotice(l.entry)) {
          session.launch(new LaunchCommand(l.entry, payload, l.blocks));
        } catch (RuntimeException e) {
          r.addProperty("result", "failed");
          if (e instanceof CannCallException.KernelFailure k) {
            r.addProperty("kernelReturnCode", k.returnCode());
          }
          r.addProperty("micros", (System.nanoTime() - s) / 1000);
          throw e;
        }
        r.addProperty("result", "ok");
        r.addProperty("kernelReturnCode", 0);
        r.addProperty("micros", (System.nanoTime() - s) / 1000);
      }
      report.launchNanos = System.nanoTime() - t1;
      long t2 = System.nanoTime();
      doing("the reading back of the outputs");
      for (BufferSpec b : plan.buffers.values()) {
        checkGuard(b.name(), -GUARD, "before");
        checkGuard(b.name(), plan.sizes.get(b.name()), "after");
      }
      for (Map.Entry<String, InputFile> g : plan.golden.entrySet()) {
        compare(g.getKey(), allocated.get(g.getKey()), g.getValue());
      }
      if (!report.satisfied()) {
        // Where a wrong output or a changed guard came from: a kernel that wrote into an input
        // (an in-place kernel means to; a stray pointer does not) changed what another block read.
        // Before any output is written: an output may replace an input's file.
        for (Map.Entry<String, InputFile> in : plan.inputFiles.entrySet()) {
          if (!plan.golden.containsKey(in.getKey())) {
            checkInput(in.getKey(), allocated.get(in.getKey()), in.getValue());
          }
        }
      }
      for (BufferSpec b : outputs) {
        writeOut(allocated.get(b.name()), plan.sizes.get(b.name()), requireFile(b));
        report.written.add(b.name());
      }
      report.readBackNanos = System.nanoTime() - t2;
    }

    /**
     * In text mode, and when the op-execute watchdog waits longer than {@link #slowLaunchAfter}:
     * the line that says a launch of {@code entry} has not returned yet, how long the watchdog
     * waits and how to end it sooner; else nothing.
     */
    private @Nullable SlowLaunch slowLaunchNotice(String entry) {
      Duration op = open.timeouts().opExecute();
      if (json || waitForDebugger || op.compareTo(slowLaunchAfter) <= 0) {
        return null;
      }
      return new SlowLaunch(
          err,
          "aicpu-launch run: "
              + entry
              + " on device "
              + device
              + " has not returned after "
              + slowLaunchAfter.toSeconds()
              + " s; the op-execute watchdog ends it at "
              + op.toSeconds()
              + " s (Ctrl-C ends it now; --fast-fail ends a stuck launch after "
              + TimeoutChain.FAST_FAIL.opExecute().toSeconds()
              + " s)",
          slowLaunchAfter);
    }

    private void doing(String what) {
      Interruption i = interruption;
      if (i != null) {
        i.doing(what);
      }
    }

    private void waitForDebugger(SimInspector inspector) {
      int chip = inspector.chipOf(device);
      long pid = inspector.aicpuOsPid(chip);
      err.println(
          "aicpu-launch run: waiting for a debugger. The AICPU OS of device "
              + device
              + " (chip "
              + chip
              + ") is pid "
              + pid
              + "; attach with: gdb -p "
              + pid);
      err.println(
          "aicpu-launch run: press Enter to launch (the end of standard input launches too).");
      err.flush();
      try {
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        // an unreadable standard input launches, like its end
      }
    }

    private void copyIn(Guarded d, InputFile in) {
      chunksOf(in, CHUNK, d::write);
    }

    private void zero(Guarded d, long size) {
      ByteBuffer zeros = ByteBuffer.allocate((int) Math.min(CHUNK, size));
      for (long at = 0; at < size; at += zeros.capacity()) {
        int n = (int) Math.min(zeros.capacity(), size - at);
        d.write(at, zeros.clear().limit(n));
      }
    }

    /**
     * Reads back the guard bytes at {@code at} in buffer {@code name} (its {@code side}: -{@link
     * #GUARD} before, its size after): any that changed were written by a kernel out of the
     * buffer's bounds, which the report names (how many, and the first one's offset from the
     * buffer's start, negative before it).
     */
    private void checkGuard(String name, long at, String side) {
      Differences d = new Differences();
      d.feed(at, allocated.get(name).read(at, GUARD), guard());
      if (d.count > 0) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("bytes", plan.sizes.get(name));
        o.addProperty("side", side);
        o.addProperty("changedGuardBytes", d.count);
        o.addProperty("firstChangedOffset", d.first);
        report.overruns.add(o);
      }
    }

    /** What {@link #chunksOf} hands on: the next chunk of the file, from its byte {@code at}. */
    private interface FileChunk {
      void accept(long at, ByteBuffer bytes);
    }

    /** Reads {@code file} in chunks of at most {@code chunk} bytes, each handed to {@code each}. */
    private void chunksOf(InputFile file, int chunk, FileChunk each) {
      try (FileChannel ch = FileChannel.open(file.path(), StandardOpenOption.READ)) {
        ByteBuffer bytes = ByteBuffer.allocate((int) Math.min(chunk, file.size()));
        for (long at = 0; at < file.size(); at += bytes.capacity()) {
          int n = (int) Math.min(bytes.capacity(), file.size() - at);
          bytes.clear().limit(n);
          file.readFully(ch, bytes, at);
          each.accept(at, bytes.flip());
        }
      } catch (IOException | InputFile.Unusable e) {
        throw new UncheckedInput(file.role() + " " + file.path() + ": " + e.getMessage());
      }
    }

    /**
     * What {@link #sideBySide} hands on: a chunk of the device buffer and the file's, at {@code
     * at}.
     */
    private interface Chunks {
      void accept(long at, ByteBuffer device, ByteBuffer file);
    }

    /** Reads {@code file} and buffer {@code d} side by side, in chunks of at most {@code chunk}. */
    private void sideBySide(Guarded d, InputFile file, int chunk, Chunks each) {
      chunksOf(file, chunk, (at, bytes) -> each.accept(at, d.read(at, bytes.remaining()), bytes));
    }

    /** Compares input {@code name} on the device with its file; reports it when they differ. */
    private void checkInput(String name, Guarded d, InputFile file) {
      Differences diff = new Differences();
      sideBySide(d, file, CHUNK, diff::feed);
      if (diff.count > 0) {
        JsonObject o = new JsonObject();
        o.addProperty("name", name);
        o.addProperty("bytes", file.size());
        o.addProperty("file", file.path().toString());
        o.addProperty("changedBytes", diff.count);
        o.addProperty("firstChangedOffset", diff.first);
        report.changedInputs.add(o);
      }
    }

    private void writeOut(Guarded d, long size, Path file) {
      Path target = file.toAbsolutePath();
      Path dir = target.getParent();
      Path tmp = null;
      try {
        tmp = PrivateFiles.createFile(dir, "." + target.getFileName() + ".", ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
          for (long at = 0; at < size; at += CHUNK) {
            int n = (int) Math.min(CHUNK, size - at);
            ByteBuffer b = d.read(at, n);
            while (b.hasRemaining()) {
              ch.write(b);
            }
          }
          ch.force(true);
        }
        Set<PosixFilePermission> mode = OutputMode.of(target);
        if (mode != null) {
          Files.setPosixFilePermissions(tmp, mode);
        }
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        tmp = null;
      } catch (IOException e) {
        throw new UncheckedInput("--out " + file + ": cannot be written (" + e + ").");
      } finally {
        if (tmp != null) {
          try {
            Files.deleteIfExists(tmp);
          } catch (IOException e) {
            // best effort: the temporary name is hidden and never the final one
          }
        }
      }
    }

    private void compare(String name, Guarded d, InputFile golden) {
      Comparison c = new Comparison(plan.dtype, rtol, atol);
      long[] nonZero = {-1};
      sideBySide(
          d,
          golden,
          CHUNK - CHUNK % 8,
          (at, actual, expected) -> {
            int k = lastNonZero(actual);
            if (k >= 0) {
              nonZero[0] = at + k;
            }
            c.feed(actual, expected);
          });
      long lastNonZero = nonZero[0];
      JsonObject r = new JsonObject();
      r.addProperty("name", name);
      r.addProperty("file", golden.path().toString());
      r.addProperty("dtype", c.dtype().label());
      r.addProperty("compare", c.rule());
      r.addProperty("elements", c.elements());
      r.addProperty("result", c.matched() ? "match" : "mismatch");
      if (!c.matched()) {
        r.addProperty("mismatches", c.mismatches());
        r.addProperty("firstIndex", c.firstIndex());
        r.addProperty("expected", c.firstExpected());
        r.addProperty("actual", c.firstActual());
        long first = (long) c.firstIndex() * c.dtype().size;
        boolean zeroed = !plan.inputFiles.containsKey(name);
        String hint =
            zeroed && lastNonZero < 0
                ? onlyZeros(name)
                : zeroed && lastNonZero < first
                    ? "From element "
                        + c.firstIndex()
                        + " on, "
                        + name
                        + " still holds only the zeros it started with: the launches wrote nothing"
                        + " there, or only zeros. Do their blocks cover all of it (--blocks, and"
                        + " the counts and sizes in the payload)?"
                    : shortInput(name, first);
        if (hint != null) {
          r.addProperty("hint", hint);
        }
        report.matched = false;
      }
      report.expectReports.add(r);
      String line =
          c.matched()
              ? name
                  + " matches "
                  + golden.path()
                  + " ("
                  + c.elements()
                  + " "
                  + c.dtype().label()
                  + ", "
                  + c.rule()
                  + ")"
              : name
                  + " DIFFERS from "
                  + golden.path()
                  + " at element "
                  + c.firstIndex()
                  + ": expected "
                  + c.firstExpected()
                  + ", got "
                  + c.firstActual()
                  + " ("
                  + c.mismatches()
                  + " of "
                  + c.elements()
                  + " "
                  + c.dtype().label()
                  + " differ, "
                  + c.rule()
                  + ")"
                  + (r.has("hint") ? ". " + r.get("hint").getAsString() : "");
      report.lines.add(line);
      if (!c.matched()) {
        err.println("aicpu-launch run: " + line);
      }
    }

    /** The index, from {@code b}'s position, of its last byte that is not 0; -1 if none. */
    private static int lastNonZero(ByteBuffer b) {
      for (int i = b.limit() - 1; i >= b.position(); i--) {
        if (b.get(i) != 0) {
          return i - b.position();
        }
      }
      return -1;
    }

    /**
     * For an output that still holds only the zeros it was given: no launch wrote to it, or each
     * wrote zeros. Whether a launch's payload carried the buffer's address, where that can be
     * known.
     */
    private String onlyZeros(String output) {
      String hint =
          output
              + " still holds only the zeros it started with: no launch wrote to it, or every value"
              + " written was 0.";
      boolean allLaid = true;
      boolean carried = false;
      for (PayloadLayout layout : plan.layouts) {
        if (layout == null) {
          allLaid = false;
          continue;
        }
        for (PayloadArg a : layout.args()) {
          carried |= a.type() == PayloadArg.Type.PTR && a.buffer().equals(output);
        }
      }
      if (carried) {
        return hint
            + " Is ptr:"
            + output
            + " where the kernel's struct has it, and did the kernel's blocks run?";
      }
      return allLaid ? hint + " No launch's payload carries ptr:" + output + "." : hint;
    }

    /**
     * When an output's first difference is at byte {@code at}, some input other than {@code output}
     * holds exactly {@code at} bytes and another is longer (inputs a kernel reads alike): the words
     * that say the shorter may be too short, since a kernel that reads a buffer past its end reads
     * its guard bytes, not data, and the output differs from there on. Null otherwise.
     */
    private @Nullable String shortInput(String output, long at) {
      List<String> shorter = new ArrayList<>();
      String longer = null;
      for (Map.Entry<String, InputFile> in : plan.inputFiles.entrySet()) {
        String name = in.getKey();
        long size = plan.sizes.get(name);
        if (name.equals(output) || at <= 0) {
          continue;
        }
        if (size == at) {
          shorter.add("--in " + name + " (" + in.getValue().path() + ")");
        } else if (size > at && longer == null) {
          longer = "--in " + name + " holds " + size + " bytes";
        }
      }
      if (shorter.isEmpty() || longer == null) {
        return null;
      }
      boolean one = shorter.size() == 1;
      return "That is where "
          + String.join(" and ", shorter)
          + (one ? " ends (" : " end (")
          + at
          + " bytes), while "
          + longer
          + ": if the kernel reads "
          + (one ? "it" : "them")
          + " as far, "
          + (one ? "that file is" : "those files are")
          + " too short (reading past a buffer's end reads its guard bytes, not data).";
    }

    private String text() {
      StringBuilder sb = new StringBuilder();
      SessionInfo info = report.info;
      line(sb, "backend:", report.backendName);
      line(sb, "because:", report.reason);
      if (info != null) {
        line(sb, "policy:", info.policyReason());
        line(
            sb,
            "runtime:",
            info.fingerprint() + " (" + info.fingerprintSource() + ") as " + info.preinstallName());
        line(sb, "registered:", String.join(", ", info.entries()));
      }
      for (JsonObject b : report.bufferReports) {
        line(sb, "buffer:", buffer(b));
      }
      for (JsonObject l : report.launchReports) {
        line(
            sb,
            "launched:",
            l.get("entry").getAsString()
                + " on device "
                + device
                + ", "
                + l.get("blocks").getAsInt()
                + " block(s), "
                + l.get("payloadBytes").getAsInt()
                + "-byte payload, returned 0 in "
                + Millis.ofMicros(l.get("micros").getAsLong())
                + " ms");
        line(sb, "", "payload " + l.get("payload").getAsString());
      }
      for (String line : report.lines) {
        line(sb, "expect:", line);
      }
      line(
          sb,
          "time:",
          "open "
              + Millis.ofNanos(report.openNanos)
              + " ms, buffers "
              + Millis.ofNanos(report.buffersNanos)
              + " ms, launches "
              + Millis.ofNanos(report.launchNanos)
              + " ms, read back "
              + Millis.ofNanos(report.readBackNanos)
              + " ms");
      for (JsonObject o : report.overruns) {
        boolean before = o.get("side").getAsString().equals("before");
        line(
            sb,
            "guard:",
            o.get("name").getAsString()
                + " ("
                + o.get("bytes").getAsLong()
                + (before
                    ? " bytes): a kernel wrote before its start, "
                    : " bytes): a kernel wrote past its end, ")
                + o.get("changedGuardBytes").getAsInt()
                + " of the "
                + GUARD
                + (before
                    ? " guard bytes before it changed, the first at byte "
                    : " guard bytes after it changed, the first at byte ")
                + o.get("firstChangedOffset").getAsLong()
                + " (or a write far out of another buffer's bounds landed there)");
      }
      for (JsonObject o : report.changedInputs) {
        String name = o.get("name").getAsString();
        JsonObject b =
            report.bufferReports.stream()
                .filter(r -> r.get("name").getAsString().equals(name))
                .findFirst()
                .orElseThrow();
        line(
            sb,
            "changed:",
            buffer(b)
                + ": the launches wrote into this input, "
                + o.get("changedBytes").getAsLong()
                + " byte(s) differ from the file, the first at byte "
                + o.get("firstChangedOffset").getAsLong());
      }
      // The JSON's result word; a failing one in capitals ("MISMATCH", "OUT OF BOUNDS").
      String result = report.result();
      line(
          sb,
          "result:",
          report.satisfied() ? result : result.replace('-', ' ').toUpperCase(Locale.ROOT));
      return sb.toString().stripTrailing();
    }

    /** A buffer's report as its text says it: {@code a (in, 4096 bytes, a.bin)}. */
    private String buffer(JsonObject b) {
      return b.get("name").getAsString()
          + " ("
          + b.get("kind").getAsString()
          + ", "
          + b.get("bytes").getAsLong()
          + " bytes"
          + (b.get("file").isJsonNull() ? "" : ", " + b.get("file").getAsString())
          + ")";
    }

    /** {@code "%-12s %s%n"}: the label padded to 12, a space, the value, a line separator. */
    private void line(StringBuilder sb, String label, @Nullable String value) {
      sb.append(label);
      for (int i = label.length(); i < 12; i++) {
        sb.append(' ');
      }
      sb.append(' ').append(value).append(System.lineSeparator());
    }
  }

  /** Whether {@code e} made the session forget its device resources (AicpuSession's rule). */
  private static boolean abandonsTheSession(RuntimeException e) {
    return e instanceof CannCallException.DeviceFailure
        || e instanceof CannCallException.DevicePoisoned
        || e instanceof CannCallException.Timeout;
  }

  /** An input or output file failed while the run was using it. */
  static final class UncheckedInput extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UncheckedInput(String message) {
      super(message);
    }
  }
}
