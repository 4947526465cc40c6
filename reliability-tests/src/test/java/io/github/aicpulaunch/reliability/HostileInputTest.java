package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aicpulaunch.adapter.sim.DeviceLogLine;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.adapter.sim.Simulator;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.cli.Main;
import io.github.aicpulaunch.domain.abi.BootstrapArgs;
import io.github.aicpulaunch.domain.abi.DeviceArgs;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile names and sizes through the facade, the CLI and raw DeviceArgs: each is refused before
 * any device call (and the device shows none: no upload, no memory, no registration, no launch
 * naming it), works (odd host paths: the device name is derived from the fingerprint), or is
 * refused by the dispatcher with its code. The dispatcher's own C tests cover the same codes below
 * the simulator ({@code test_dispatch.c init_failures}, {@code test_publish.c validation_codes}).
 */
class HostileInputTest {
  /** docs/ABI.md "## Dispatcher", return codes. */
  private static final long E_INNER_NULL = 0x44530003L;

  private static final long E_INNER_EMPTY = 0x44530004L;
  private static final long E_INNER_TOO_LARGE = 0x44530005L;
  private static final long E_NOT_ELF64_SO = 0x44530006L;

  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private SimInspector inspector;
  private Path vector;

  @BeforeEach
  void start() throws Exception {
    aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
    inspector = aicpu.simInspector().orElseThrow();
    vector = RuntimeCopies.packaged(tmp, RuntimeCopies.VECTOR);
  }

  @AfterEach
  void stop() {
    aicpu.close();
  }

  static List<String> hostileEntries() {
    return List.of(
        "simpler/aicpu_exec",
        "../simpler_aicpu_exec",
        "..",
        "simpler_aicpu_exec\0evil",
        "simpler aicpu exec",
        "e".repeat(300),
        "simpler_aicpu_exéc",
        "入口",
        "");
  }

  @ParameterizedTest
  @MethodSource("hostileEntries")
  @DisplayName("facade: a hostile entry is refused by the command, before any device call")
  void hostileEntryRefusedAtOpen(String entry) {
    assertThatThrownBy(
            () ->
                aicpu.open(
                    new OpenSessionCommand(
                        0, vector, List.of(entry), null, null, TimeoutChain.DEFAULT)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Entry '")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\0"));
    assertNoDeviceActivity();
  }

  @ParameterizedTest
  @MethodSource("hostileEntries")
  @DisplayName("facade: a hostile entry at launch is refused by the session, not sent on")
  void hostileEntryRefusedAtLaunch(String entry) {
    try (Session s = aicpu.open(OpenSessionCommand.of(0, vector))) {
      long before = inspector.deviceLog().size();
      Throwable thrown =
          catchThrowable(() -> s.launch(new LaunchCommand(entry, ByteBuffer.allocate(32), 1)));
      assertThat(thrown)
          .isInstanceOfAny(IllegalArgumentException.class, AicpuLaunchException.class);
      assertThat(thrown).isNotInstanceOf(CannCallException.class);
      assertThat(inspector.deviceLog().subList((int) before, inspector.deviceLog().size()))
          .as("device log lines after the refused launch")
          .isEmpty();
      RuntimeCopies.addAndCheck(s, 64, 2, 5f); // the session still works
    }
    assertThat(inspector.deviceMemoryHandlesInUse(0)).isZero();
  }

  @Test
  @DisplayName("facade: odd host paths work; the device name is derived from the fingerprint")
  void oddHostPathsWork() throws Exception {
    String fp = RuntimeCopies.readelfFingerprint(vector);
    Path deep = Files.createDirectories(tmp.resolve("a b/ünï cødé/..x"));
    List<Path> odd =
        List.of(
            tmp.resolve("lib with spaces.so"),
            tmp.resolve("libtörtür€.so"),
            tmp.resolve("-lib.so"),
            tmp.resolve("..so"),
            tmp.resolve("lib\nnewline.so"),
            tmp.resolve("l".repeat(240) + ".so"),
            deep.resolve("../..x/./runtime"));
    for (Path p : odd) {
      Path file = p.getParent().resolve(p.getFileName().toString());
      Files.copy(vector, file);
      try (Session s = aicpu.open(OpenSessionCommand.of(0, p))) {
        assertThat(s.info().preinstallName()).isEqualTo("simpler_inner_" + fp + "_0.so");
        RuntimeCopies.addAndCheck(s, 32, 1, 7f);
      }
    }
    try (Stream<Path> files = Files.list(inspector.preinstallDir(0))) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .containsExactly("simpler_inner_" + fp + "_0.so");
    }
  }

  @Test
  @DisplayName(
      "facade: a directory, a missing file, an empty file and a > 256 MiB file are refused")
  void unusableSoFilesRefused() throws Exception {
    Path empty = Files.createFile(tmp.resolve("libempty.so"));
    Path huge = tmp.resolve("libhuge.so");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.write(Files.readAllBytes(vector));
      f.setLength((256L << 20) + 1); // sparse: the size is what counts
    }
    for (Path p : List.of(tmp, tmp.resolve("libmissing.so"), empty, huge)) {
      Throwable thrown = catchThrowable(() -> aicpu.open(OpenSessionCommand.of(0, p)).close());
      assertThat(thrown).as("%s", p).isInstanceOf(InvalidRequestException.class);
      assertThat(((InvalidRequestException) thrown).hint()).as("%s", p).isNotBlank();
      assertNoDeviceActivity();
    }
    // A NUL cannot even be part of a host path: Java refuses it before anything else runs.
    assertThatThrownBy(() -> tmp.resolve("lib\0nul.so")).isInstanceOf(InvalidPathException.class);
  }

  @Test
  @DisplayName("facade: payloads of 0 bytes or more than MAX_PAYLOAD are refused by the command")
  void payloadSizes() {
    assertThatThrownBy(() -> new LaunchCommand("simpler_aicpu_exec", ByteBuffer.allocate(0), 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("empty");
    assertThatThrownBy(
            () ->
                new LaunchCommand(
                    "simpler_aicpu_exec", ByteBuffer.allocate(LaunchCommand.MAX_PAYLOAD + 1), 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining(String.valueOf(LaunchCommand.MAX_PAYLOAD));
    assertNoDeviceActivity();
  }

  @Test
  @DisplayName("CLI: hostile entries and payload sizes exit 3 (refused) and publish nothing")
  void cliRefusals() throws Exception {
    Path shared = Files.createDirectory(tmp.resolve("shared"));
    Path ok = Files.write(tmp.resolve("ok.bin"), new byte[32]);
    Path empty = Files.write(tmp.resolve("empty.bin"), new byte[0]);
    Path big = Files.write(tmp.resolve("big.bin"), new byte[LaunchCommand.MAX_PAYLOAD + 1]);
    List<List<String>> cases =
        List.of(
            List.of("--entry", "simpler/aicpu_exec", "--payload", ok.toString()),
            List.of("--entry", "..", "--payload", ok.toString()),
            List.of("--entry", "simpler aicpu exec", "--payload", ok.toString()),
            List.of("--entry", "e".repeat(300), "--payload", ok.toString()),
            List.of("--entry", "exéc", "--payload", ok.toString()),
            List.of("--declare", "a/b,simpler_aicpu_exec", "--payload", ok.toString()),
            List.of("--payload", empty.toString()),
            List.of("--payload", big.toString()));
    for (List<String> c : cases) {
      String[] args =
          Stream.concat(
                  Stream.of(
                      "run",
                      vector.toString(),
                      "--backend",
                      "sim",
                      "--sim-preinstall-dir",
                      shared.toString()),
                  c.stream())
              .toArray(String[]::new);
      CliResult r = cli(args);
      assertThat(r.exit).as("%s: %s", c, r.err).isEqualTo(3);
      assertThat(r.err).as("%s", c).startsWith("aicpu-launch run: ");
    }
    try (Stream<Path> files = Files.list(shared)) {
      assertThat(files).as("nothing published").isEmpty();
    }
    // The same command with sane values works, so the refusals above are about the values.
    CliResult r =
        cli(
            "run",
            vector.toString(),
            "--entry",
            "simpler_aicpu_init",
            "--payload",
            Files.write(tmp.resolve("init.bin"), initArgs()).toString(),
            "--backend",
            "sim",
            "--sim-preinstall-dir",
            shared.toString());
    assertThat(r.exit).as(r.out + r.err).isZero();
  }

  @Test
  @DisplayName(
      "issue 17, CLI: a 3 GiB payload or input and /dev/zero are refused by their stat before a"
          + " byte is read, naming the file; nothing of this JVM is left")
  void oversizedInputsRefusedUnread() throws Exception {
    Path huge = tmp.resolve("huge.bin");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: 3 GiB that would take seconds and the heap to read
    }
    Path ok = Files.write(tmp.resolve("ok.bin"), new byte[32]);
    record Case(List<String> args, int exit, String says) {}
    List<Case> cases =
        List.of(
            new Case(List.of("--payload", huge.toString()), 3, huge + " has 3221225472 bytes"),
            new Case(List.of("--payload", "/dev/zero"), 3, "/dev/zero is not a regular file"),
            new Case(
                List.of("--in", "x=/dev/zero", "--payload", ok.toString()),
                3,
                "/dev/zero is not a regular file"),
            new Case(
                List.of("--in", "x=" + huge, "--payload", ok.toString()),
                1,
                "more than the device's whole memory"));
    long self = ProcessHandle.current().pid();
    Path javaTmp = Path.of(System.getProperty("java.io.tmpdir"));
    Residue before = Residue.stable(() -> Residue.of(Set.of(), self, javaTmp));
    StringBuilder figures = new StringBuilder();
    for (Case c : cases) {
      String[] args =
          Stream.concat(Stream.of("run", vector.toString(), "--backend", "sim"), c.args().stream())
              .toArray(String[]::new);
      long start = System.nanoTime();
      CliResult r = cli(args);
      figures.append(
          String.format(
              "%s: exit %d in %d ms; ",
              c.args().get(1), r.exit, (System.nanoTime() - start) / 1_000_000));
      assertThat(r.exit).as("%s: %s", c.args(), r.err).isEqualTo(c.exit());
      assertThat(r.err).as("%s", c.args()).startsWith("aicpu-launch run: ").contains(c.says());
    }
    Residue after = Residue.settled(before, () -> Residue.of(Set.of(), self, javaTmp));
    Figures.record("HostileInputTest.oversizedInputsRefusedUnread", figures + "after: " + after);
    assertThat(after)
        .as("segments, directories and simulator threads of this JVM")
        .isEqualTo(before);
  }

  @Test
  @DisplayName("DeviceArgs: a null, empty or oversize runtime SO is refused by the dispatcher")
  void deviceArgsLengths() throws Exception {
    byte[] dispatcher;
    try (var in =
        HostileInputTest.class.getResourceAsStream("/linux-x86-64/libaicpu_dispatcher.so")) {
      assertThat(in).isNotNull();
      dispatcher = in.readAllBytes();
    }
    byte[] inner = Files.readAllBytes(vector);
    try (Simulator sim = Simulator.start(SimConfig.builder().chips(1).build())) {
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      // innerSoBin / innerSoLen: null pointer, zero length, 256 MiB + 1 (past any buffer), and a
      // length shorter than the ELF header (a truncated image).
      assertInitRefused(sim, ports, dispatcher, inner, true, inner.length, E_INNER_NULL);
      assertInitRefused(sim, ports, dispatcher, inner, false, 0, E_INNER_EMPTY);
      assertInitRefused(sim, ports, dispatcher, inner, false, (256L << 20) + 1, E_INNER_TOO_LARGE);
      assertInitRefused(sim, ports, dispatcher, inner, false, 63, E_NOT_ELF64_SO);
      try (Stream<Path> files = Files.list(sim.inspector().preinstallDir(0))) {
        assertThat(files).as("nothing published").isEmpty();
      }
    }
  }

  /**
   * One KFC bootstrap of the real dispatcher with hand-made DeviceArgs; the dispatcher's Init must
   * refuse it with {@code code}, which the failed task carries to the host (507018). The device is
   * force-reset first and afterwards, which also releases the buffers of the failed bootstrap.
   */
  private static void assertInitRefused(
      Simulator sim,
      CannPorts ports,
      byte[] dispatcher,
      byte[] inner,
      boolean nullInner,
      long innerLength,
      long code) {
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    DevicePtr disp = upload(ports, dispatcher);
    DevicePtr in = upload(ports, inner);
    DeviceArgs deviceArgs =
        new DeviceArgs(
            disp.address(), dispatcher.length, 0, nullInner ? 0 : in.address(), innerLength);
    DevicePtr args = upload(ports, deviceArgs.encode().array());
    ByteBuffer blob = BootstrapArgs.forDispatcher(args.address()).encode();
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU_KFC,
            "AST_DYN_AICPU",
            1,
            new AicpuArgs(blob, BootstrapArgs.OFFSET_SO_NAME, BootstrapArgs.OFFSET_KERNEL_NAME),
            stream);
    Throwable thrown = catchThrowable(() -> ports.streams().synchronize(stream));
    assertThat(thrown).isInstanceOf(CannCallException.class);
    assertThat(((CannCallException) thrown).code()).isEqualTo(507018);
    assertThat(thrown.getMessage()).contains(String.valueOf(code));
    assertThat(sim.inspector().deviceLog().stream().map(DeviceLogLine::text))
        .anyMatch(t -> t.contains("[aicpu-dispatcher] Init:") && t.contains("errno 0"));
    ports.devices().resetDeviceForce(0);
  }

  private static DevicePtr upload(CannPorts ports, byte[] bytes) {
    DevicePtr p = ports.memory().malloc(bytes.length);
    ports.memory().copyToDevice(p, ByteBuffer.wrap(bytes));
    return p;
  }

  /** InitArgs (PROTOCOL §2.4): device 0, log level 25, default scheduler timeout. */
  private static byte[] initArgs() {
    byte[] init = new byte[32];
    init[4] = 25;
    return init;
  }

  private void assertNoDeviceActivity() {
    assertThat(inspector.deviceLog().stream().map(DeviceLogLine::text))
        .as("dispatcher uploads")
        .noneMatch(t -> t.contains("Init:"));
    assertThat(inspector.deviceMemoryHandlesInUse(0)).as("allocations").isZero();
    assertThat(inspector.registrationsAlive()).as("registrations").isZero();
    assertThat(inspector.streamsAlive()).as("streams").isZero();
  }

  private record CliResult(int exit, String out, String err) {}

  /**
   * Runs the CLI in this JVM ({@link Main#run}, which never exits) with its standard streams
   * captured: picocli writes to the streams current when the command line is built.
   */
  private static synchronized CliResult cli(String... args) {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      int exit = Main.run(args);
      System.out.flush();
      System.err.flush();
      return new CliResult(
          exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
  }
}
