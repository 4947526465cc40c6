package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.TestSos;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code run} with device buffers, typed payloads, several launches and golden files, on the
 * packaged vector runtime ({@code out[i] = a[i] + b[i]}, docs/ABI.md). Expected results come from
 * Java arithmetic, never from the kernel. Every run's simulator is kept so the test can check,
 * through its inspector, that no device buffer outlived the run (F13).
 */
class RunCommandTest {
  private static final int N = 1000;

  @TempDir Path tmp;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<AicpuLaunch> opened = new ArrayList<>();
  private Path so = Path.of("");
  private Path a = Path.of("");
  private Path b = Path.of("");
  private Path expected = Path.of("");

  @BeforeEach
  void inputs() throws Exception {
    so = TestSos.packaged(tmp, TestSos.VECTOR);
    float[] x = new float[N];
    float[] y = new float[N];
    float[] sum = new float[N];
    for (int i = 0; i < N; i++) {
      x[i] = i;
      y[i] = 0.5f;
      sum[i] = i + 0.5f;
    }
    a = floats("a.bin", x);
    b = floats("b.bin", y);
    expected = floats("expected.bin", sum);
  }

  /** Every buffer of every run was freed, whatever happened (F13). */
  @AfterEach
  void nothingLeft() {
    for (AicpuLaunch aicpu : opened) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      assertThat(inspector.deviceMemoryHandlesInUse(0)).as("device buffers left").isZero();
      assertThat(inspector.deviceMemoryBytesInUse(0)).isZero();
    }
  }

  private Path floats(String name, float[] values) throws Exception {
    ByteBuffer buf = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      buf.putFloat(v);
    }
    return Files.write(tmp.resolve(name), buf.array());
  }

  private int run(String... args) {
    return run(cmd -> {}, args);
  }

  /** {@code run} with the command set up by {@code setup} first. */
  private int run(Consumer<RunCommand> setup, String... args) {
    RunCommand cmd = new RunCommand();
    setup.accept(cmd);
    cmd.opener =
        options -> {
          AicpuLaunch aicpu = options.open();
          opened.add(aicpu);
          return aicpu;
        };
    CommandLine cl = new CommandLine(cmd.spec);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** {@code run <so> args...} through the whole command line, parameter errors included. */
  private int usage(String... args) {
    Cli cli = new Cli();
    List<String> all = new ArrayList<>(List.of("run", so.toString()));
    all.addAll(List.of(args));
    int code = cli.run(all.toArray(String[]::new));
    err.append(cli.err.toString());
    return code;
  }

  private JsonObject json() {
    return JsonParser.parseString(out.toString()).getAsJsonObject();
  }

  /** The vector add over 4 blocks; opening the session launched simpler_aicpu_init. */
  private List<String> vectorAdd(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                so.toString(),
                "--backend",
                "sim",
                "--fast-fail",
                "--in",
                "a=" + a,
                "--in",
                "b=" + b,
                "--entry",
                "simpler_aicpu_exec",
                "--blocks",
                "4",
                "--arg",
                "ptr:a",
                "--arg",
                "ptr:b",
                "--arg",
                "ptr:out",
                "--arg",
                "u64:" + N,
                "--arg",
                "blocks"));
    args.addAll(List.of(extra));
    return args;
  }

  @Test
  @DisplayName(
      "several launches run in order after the session's own init: init again with other"
          + " InitArgs, exec, then an entry that reads the latched InitArgs back")
  void launchesRunInOrder() throws Exception {
    Path state = tmp.resolve("state.bin");
    List<String> args =
        new ArrayList<>(
            List.of(
                so.toString(),
                "--backend",
                "sim",
                "--declare",
                "simpler_aicpu_init,simpler_aicpu_exec,example_vector_get_init",
                "--out",
                "state=" + state + ":16",
                // InitArgs (PROTOCOL §2.4): device 0, log level 7, default timeout, no workspaces.
                "--entry",
                "simpler_aicpu_init",
                "--arg",
                "u32:0",
                "--arg",
                "u32:7",
                "--arg",
                "i32:0",
                "--arg",
                "u64:0",
                "--arg",
                "u64:0",
                "--entry",
                "example_vector_get_init",
                "--arg",
                "ptr:state"));
    assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
    // docs/ABI.md: {u32 device_id; u32 log_level; u32 init_count; u32 pad}. The session's init
    // (log level 25) ran first, the explicit one second: the last call's level, two inits.
    ByteBuffer st = ByteBuffer.wrap(Files.readAllBytes(state)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(st.getInt(0)).isZero();
    assertThat(st.getInt(4)).isEqualTo(7);
    assertThat(st.getInt(8)).isEqualTo(2);
    assertThat(out.toString())
        .contains("payload @0 u32:0, @4 u32:7, @8 i32:0, @16 u64:0, @24 u64:0 (32 bytes)")
        .contains("launched:    example_vector_get_init on device 0, 1 block(s), 8-byte payload");
  }

  @Test
  @DisplayName(
      "two inputs, one output over 4 blocks: the output file holds a + b and matches the golden"
          + " file")
  void vectorAddMatchesGolden() throws Exception {
    Path result = tmp.resolve("out.bin");
    int code =
        run(
            vectorAdd("--out", "out=" + result, "--expect", "out=" + expected)
                .toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    assertThat(Files.readAllBytes(result)).isEqualTo(Files.readAllBytes(expected));
    assertThat(out.toString())
        .contains("buffer:      a (in, 4000 bytes")
        .contains("buffer:      out (out, 4000 bytes")
        .contains("launched:    simpler_aicpu_exec on device 0, 4 block(s), 40-byte payload")
        .contains("payload @0 ptr:a, @8 ptr:b, @16 ptr:out, @24 u64:1000, @32 blocks (40 bytes)")
        .contains("expect:      out matches " + expected + " (1000 f32, exact)")
        .contains("result:      ok");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
    }
  }

  @Test
  @DisplayName(
      "a kernel that writes past the end of its output buffer fails the run with exit 2, naming"
          + " the buffer and its changed guard bytes; within bounds there is no guard line")
  void aWritePastTheEndOfABufferIsCaughtByItsGuard() throws Exception {
    // The kernel adds N floats into out, which holds only N / 2 of them.
    long half = N / 2 * 4L;
    Path result = tmp.resolve("half.bin");
    int code =
        run(vectorAdd("--out", "out=" + result + ":" + half, "--json").toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(2);
    JsonObject o = json();
    assertThat(o.get("result").getAsString()).isEqualTo("out-of-bounds");
    assertThat(o.get("exitCode").getAsInt()).isEqualTo(2);
    JsonObject overrun = o.getAsJsonArray("outOfBounds").get(0).getAsJsonObject();
    assertThat(overrun.get("name").getAsString()).isEqualTo("out");
    assertThat(overrun.get("side").getAsString()).isEqualTo("after");
    assertThat(overrun.get("bytes").getAsLong()).isEqualTo(half);
    assertThat(overrun.get("firstChangedOffset").getAsLong()).isEqualTo(half);
    // N / 2 floats written past the end, all inside the guard; a byte may equal the pattern.
    assertThat(overrun.get("changedGuardBytes").getAsInt()).isBetween(1, (int) half);
    assertThat(o.getAsJsonArray("outOfBounds")).hasSize(1);
    // The output file still holds the buffer's own bytes, the first half of a + b.
    assertThat(Files.size(result)).isEqualTo(half);

    out.getBuffer().setLength(0);
    assertThat(run(vectorAdd("--out", "out=" + result + ":" + half).toArray(String[]::new)))
        .isEqualTo(2);
    assertThat(out.toString())
        .contains("guard:       out (" + half + " bytes): a kernel wrote past its end, ")
        .contains(" guard bytes after it changed, the first at byte " + half)
        .contains("result:      OUT OF BOUNDS");

    out.getBuffer().setLength(0);
    assertThat(
            run(
                vectorAdd("--out", "out=" + result, "--expect", "out=" + expected)
                    .toArray(String[]::new)))
        .isZero();
    assertThat(out.toString()).doesNotContain("guard:").contains("result:      ok");
  }

  /** A runtime whose exec writes 4 bytes of 0x11 at payload {u64 address, i64 offset}. */
  private static final String WRITE_AT =
      "#include <stdint.h>\n"
          + "#include <string.h>\n"
          + "uint32_t simpler_aicpu_init(void *a) { (void)a; return 0; }\n"
          + "uint32_t simpler_aicpu_exec(void *a) {\n"
          + "  uint64_t p; int64_t off;\n"
          + "  memcpy(&p, a, 8); memcpy(&off, (char *)a + 8, 8);\n"
          + "  memset((char *)(uintptr_t)p + off, 0x11, 4);\n"
          + "  return 0;\n"
          + "}\n";

  private int writeAt(Path writer, long offset, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                writer.toString(),
                "--backend",
                "sim",
                "--buf",
                "s=64",
                "--entry",
                "simpler_aicpu_exec",
                "--arg",
                "ptr:s",
                "--arg",
                "i64:" + offset));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  @Test
  @DisplayName(
      "a kernel that writes before the start of a buffer fails the run with exit 2, naming the"
          + " buffer, the side and the first changed byte's negative offset; at its last bytes"
          + " it is within bounds")
  void aWriteBeforeTheStartOfABufferIsCaughtByItsGuard() throws Exception {
    Path writer = HostCc.sharedObject(tmp, "write_at", WRITE_AT);

    assertThat(writeAt(writer, -12, "--json")).as(err.toString()).isEqualTo(2);
    JsonObject o = json();
    assertThat(o.get("result").getAsString()).isEqualTo("out-of-bounds");
    JsonArray oob = o.getAsJsonArray("outOfBounds");
    assertThat(oob).hasSize(1);
    JsonObject before = oob.get(0).getAsJsonObject();
    assertThat(before.get("name").getAsString()).isEqualTo("s");
    assertThat(before.get("side").getAsString()).isEqualTo("before");
    assertThat(before.get("bytes").getAsLong()).isEqualTo(64);
    // Bytes -12..-9: guard bytes 4084..4087 of the pattern 0x5a + 37 i, none of them 0x11.
    assertThat(before.get("firstChangedOffset").getAsLong()).isEqualTo(-12);
    assertThat(before.get("changedGuardBytes").getAsInt()).isEqualTo(4);

    out.getBuffer().setLength(0);
    assertThat(writeAt(writer, -4096)).isEqualTo(2);
    assertThat(out.toString())
        .contains(
            "guard:       s (64 bytes): a kernel wrote before its start, 4 of the 4096 guard"
                + " bytes before it changed, the first at byte -4096")
        .contains("result:      OUT OF BOUNDS");

    out.getBuffer().setLength(0);
    assertThat(writeAt(writer, 64, "--json")).isEqualTo(2);
    JsonObject after = json().getAsJsonArray("outOfBounds").get(0).getAsJsonObject();
    assertThat(after.get("side").getAsString()).isEqualTo("after");
    assertThat(after.get("firstChangedOffset").getAsLong()).isEqualTo(64);

    out.getBuffer().setLength(0);
    assertThat(writeAt(writer, 60)).as(err.toString()).isZero();
    assertThat(out.toString()).doesNotContain("guard:").contains("result:      ok");
  }

  @Test
  @DisplayName(
      "issue 18: a 256 MiB runtime SO runs with --sim-device-memory 320M, and the device"
          + " publishes every one of its bytes")
  void aRuntimeSoOf256MiBRuns() throws Exception {
    // The vector runtime with a pattern appended up to 256 MiB, built here (never committed): no
    // header covers the tail, so the SO loads as before while every upload must carry every byte.
    Path big = tmp.resolve("libbig_vector_runtime.so");
    Files.copy(so, big);
    try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
      byte[] block = new byte[1 << 20];
      f.seek(f.length());
      for (long at = f.length(), end = 256L << 20; at < end; at += block.length) {
        for (int i = 0; i < block.length; i += 8) {
          ByteBuffer.wrap(block, i, 8).order(ByteOrder.LITTLE_ENDIAN).putLong(at + i);
        }
        f.write(block, 0, (int) Math.min(block.length, end - at));
      }
    }
    assertThat(Files.size(big)).isEqualTo(256L << 20);
    Path preinstall = Files.createDirectory(tmp.resolve("preinstall"));
    Path result = tmp.resolve("out.bin");
    so = big;
    int code =
        run(
            vectorAdd(
                    "--sim-device-memory",
                    "320M",
                    "--sim-preinstall-dir",
                    preinstall.toString(),
                    "--out",
                    "out=" + result,
                    "--expect",
                    "out=" + expected)
                .toArray(String[]::new));
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("result:      ok");
    try (Stream<Path> files = Files.list(preinstall)) {
      List<Path> published = files.toList();
      assertThat(published).hasSize(1);
      assertThat(Files.mismatch(published.get(0), big)).as("published bytes").isEqualTo(-1L);
    }
  }

  @Test
  @DisplayName(
      "a wrong golden element: exit 2, the first differing index and both values are named, the"
          + " output is still written")
  void mismatchNamesTheFirstDifference() throws Exception {
    byte[] golden = Files.readAllBytes(expected);
    ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 37, 99.25f);
    ByteBuffer.wrap(golden).order(ByteOrder.LITTLE_ENDIAN).putFloat(4 * 900, -1f);
    Path wrong = Files.write(tmp.resolve("wrong.bin"), golden);
    Path result = tmp.resolve("out.bin");
    int code =
        run(vectorAdd("--out", "out=" + result, "--expect", "out=" + wrong).toArray(String[]::new));
    assertThat(code).isEqualTo(2);
    assertThat(err.toString())
        .contains("out DIFFERS from " + wrong + " at element 37: expected 99.25, got 37.5")
        .contains("2 of 1000 f32 differ, exact");
    assertThat(out.toString()).contains("result:      MISMATCH");
    assertThat(err.toString()).doesNotContain("That is where").doesNotContain("still holds only");
    assertThat(Files.readAllBytes(result)).isEqualTo(Files.readAllBytes(expected));
  }

  @Test
  @DisplayName(
      "an --in file shorter than the kernel reads: the mismatch that follows says it starts where"
          + " that input ends; a mismatch elsewhere says nothing of the kind")
  void aShortInputIsNamedWhereTheOutputStartsToDiffer() throws Exception {
    // The kernel reads N floats of a; the file holds N / 2 of them.
    float[] x = new float[N / 2];
    for (int i = 0; i < x.length; i++) {
      x[i] = i;
    }
    a = floats("a-half.bin", x);
    Path result = tmp.resolve("out.bin");
    int code =
        run(
            vectorAdd("--out", "out=" + result, "--expect", "out=" + expected, "--json")
                .toArray(String[]::new));

    assertThat(code).as(err.toString()).isEqualTo(2);
    JsonObject e = json().getAsJsonArray("expect").get(0).getAsJsonObject();
    assertThat(e.get("firstIndex").getAsInt()).isEqualTo(N / 2);
    assertThat(e.get("hint").getAsString())
        .isEqualTo(
            "That is where --in a ("
                + a
                + ") ends ("
                + N / 2 * 4
                + " bytes), while --in b holds "
                + N * 4
                + " bytes: if the kernel reads it as far, that file is too short (reading past a"
                + " buffer's end reads its guard bytes, not data).");
    // Reading past a's end changes none of its guard bytes: no write out of bounds is reported.
    assertThat(json().getAsJsonArray("outOfBounds")).isEmpty();

    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertThat(
            run(
                vectorAdd("--out", "out=" + result, "--expect", "out=" + expected)
                    .toArray(String[]::new)))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("out DIFFERS from " + expected + " at element " + N / 2)
        .contains(". That is where --in a (" + a + ") ends");
  }

  @Test
  @DisplayName(
      "inputs of one size and an output that differs where they end (its second half never"
          + " written): no input is called short; the zeros from there on are named")
  void inputsOfOneSizeAreNotCalledShort() throws Exception {
    // out holds 2 N floats, the kernel adds N of them (u64:N); the golden file's second half is 1.
    float[] twice = new float[2 * N];
    for (int i = 0; i < twice.length; i++) {
      twice[i] = i < N ? i + 0.5f : 1f;
    }
    Path golden = floats("twice.bin", twice);
    assertThat(
            run(
                vectorAdd("--out", "out=" + tmp.resolve("o.bin"), "--expect", "out=" + golden)
                    .toArray(String[]::new)))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("out DIFFERS from " + golden + " at element " + N + ": expected 1.0, got 0.0")
        .contains(
            ". From element "
                + N
                + " on, out still holds only the zeros it started with: the launches wrote nothing"
                + " there, or only zeros. Do their blocks cover all of it (--blocks, and the counts"
                + " and sizes in the payload)?")
        .doesNotContain("That is where");
  }

  @Test
  @DisplayName(
      "an output no launch wrote (the payload points the kernel elsewhere): the mismatch says it"
          + " holds only the zeros it started with")
  void anOutputNoLaunchWroteIsNamed() throws Exception {
    List<String> args =
        vectorAdd(
            "--out",
            "out=" + tmp.resolve("out.bin"),
            "--expect",
            "out=" + expected,
            "--buf",
            "s=" + N * 4);
    args.set(args.indexOf("ptr:out"), "ptr:s");
    args.add("--json");
    assertThat(run(args.toArray(String[]::new))).as(err.toString()).isEqualTo(2);
    JsonObject e = json().getAsJsonArray("expect").get(0).getAsJsonObject();
    assertThat(e.get("firstIndex").getAsInt()).isZero();
    assertThat(e.get("hint").getAsString())
        .isEqualTo(
            "out still holds only the zeros it started with: no launch wrote to it, or every"
                + " value written was 0. No launch's payload carries ptr:out.");

    // The payload carries ptr:out, and the kernel wrote zeros there (a + b of zeros): the hint
    // does not say it cannot have been written, and asks about the layout.
    Path zeros = floats("zeros.bin", new float[N]);
    a = zeros;
    b = zeros;
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    assertThat(
            run(
                vectorAdd("--out", "out=" + tmp.resolve("out.bin"), "--expect", "out=" + expected)
                    .toArray(String[]::new)))
        .isEqualTo(2);
    assertThat(err.toString())
        .contains("out DIFFERS from " + expected + " at element 0: expected 0.5, got 0")
        .contains(
            ". out still holds only the zeros it started with: no launch wrote to it, or every"
                + " value written was 0. Is ptr:out where the kernel's struct has it, and did the"
                + " kernel's blocks run?");
    assertThat(out.toString()).contains("payload @0 ptr:a, @8 ptr:b, @16 ptr:out,");
  }

  @Test
  @DisplayName(
      "a payload that points the kernel's output at an input (ptr:a twice): the mismatch is"
          + " followed by the input the launches wrote into; a run that passes looks for none")
  void anInputTheLaunchesWroteIntoIsNamed() throws Exception {
    List<String> args =
        vectorAdd("--out", "out=" + tmp.resolve("out.bin"), "--expect", "out=" + expected);
    args.set(args.indexOf("ptr:out"), "ptr:a");
    assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
    // a[0] = 0.0f becomes 0.0f + 0.5f = 0x3f000000: little-endian, byte 3 is the first to change.
    assertThat(out.toString())
        .contains(
            "changed:     a (in, "
                + N * 4
                + " bytes, "
                + a
                + "): the launches wrote into this input, ")
        .contains(" byte(s) differ from the file, the first at byte 3")
        .doesNotContain("changed:     b");

    out.getBuffer().setLength(0);
    args.add("--json");
    assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
    JsonArray changed = json().getAsJsonArray("changedInputs");
    assertThat(changed).hasSize(1);
    JsonObject c = changed.get(0).getAsJsonObject();
    assertThat(c.get("name").getAsString()).isEqualTo("a");
    assertThat(c.get("firstChangedOffset").getAsLong()).isEqualTo(3);
    assertThat(c.get("changedBytes").getAsLong()).isBetween(1L, N * 4L);

    out.getBuffer().setLength(0);
    assertThat(
            run(
                vectorAdd(
                        "--out",
                        "out=" + tmp.resolve("out.bin"),
                        "--expect",
                        "out=" + expected,
                        "--json")
                    .toArray(String[]::new)))
        .isZero();
    assertThat(json().getAsJsonArray("changedInputs")).isEmpty();
  }

  @Test
  @DisplayName(
      "an output file gets the mode a new file gets here (the umask's), not the owner-only one"
          + " of the hidden name it is written under; a file it replaces keeps its own mode")
  void outputFilesGetTheModeOfTheirPlace() throws Exception {
    // What this process's umask gives a new file, told by the file system itself.
    Set<PosixFilePermission> fresh =
        Files.getPosixFilePermissions(Files.createFile(tmp.resolve("probe")));
    Path result = tmp.resolve("out.bin");
    assertThat(run(vectorAdd("--out", "out=" + result + ":" + N * 4).toArray(String[]::new)))
        .isZero();
    assertThat(Files.getPosixFilePermissions(result)).isEqualTo(fresh);

    Files.setPosixFilePermissions(result, PosixFilePermissions.fromString("rw-r-----"));
    assertThat(run(vectorAdd("--out", "out=" + result + ":" + N * 4).toArray(String[]::new)))
        .isZero();
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(result)))
        .isEqualTo("rw-r-----");
  }

  @Test
  @DisplayName(
      "a buffer the device cannot hold: the allocation that failed is named with its own size"
          + " and its guards; one too large for a long with its guards is refused before any"
          + " device call")
  void aFailedAllocationNamesItsBuffer() throws Exception {
    List<String> args =
        vectorAdd("--out", "out=" + tmp.resolve("o.bin") + ":" + N * 4, "--buf", "s=1000G");
    assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
    assertThat(err.toString())
        .contains("aclrtMalloc returned 207001")
        .contains(
            "aicpu-launch run: the allocation of buffer s failed (1073741824000 bytes and its 2 x"
                + " 4096 guard bytes)");

    out.getBuffer().setLength(0);
    args.add("--json");
    assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
    JsonObject f = json().getAsJsonObject("failedAllocation");
    assertThat(f.get("name").getAsString()).isEqualTo("s");
    assertThat(f.get("bytes").getAsLong()).isEqualTo(1000L << 30);
    assertThat(f.get("guardBytes").getAsInt()).isEqualTo(8192);

    err.getBuffer().setLength(0);
    assertThat(usage("--buf", "s=" + (Long.MAX_VALUE - 8191), "--entry", "e", "--arg", "ptr:s"))
        .isEqualTo(64);
    assertThat(err.toString())
        .contains(
            "Buffer s of "
                + (Long.MAX_VALUE - 8191)
                + " bytes is larger than run can allocate with its guard bytes; a buffer has at"
                + " most "
                + (Long.MAX_VALUE - 8192)
                + ".");
  }

  @Test
  @DisplayName(
      "an output written to its own golden file is compared before it replaces it: a wrong"
          + " golden file is a mismatch, and no input is called changed for sharing a file")
  void anOutputIsComparedBeforeItIsWritten() throws Exception {
    Path golden = floats("golden.bin", new float[N]); // all 0: not a + b
    List<String> args = vectorAdd("--out", "out=" + golden, "--expect", "out=" + golden);
    assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(err.toString()).contains("out DIFFERS from " + golden + " at element 0");
    assertThat(Files.readAllBytes(golden)).isEqualTo(Files.readAllBytes(expected));

    // An output over an input's file: the input is compared with the file before it changes.
    out.getBuffer().setLength(0);
    err.getBuffer().setLength(0);
    Path shared = floats("shared.bin", new float[N]);
    a = shared;
    args = vectorAdd("--out", "out=" + shared, "--expect", "out=" + expected);
    assertThat(run(args.toArray(String[]::new))).isEqualTo(2);
    assertThat(out.toString()).doesNotContain("changed:");
  }

  @Test
  @DisplayName("--rtol accepts a golden file that differs in the last bits; exact does not")
  void toleranceCompare() throws Exception {
    float[] near = new float[N];
    for (int i = 0; i < N; i++) {
      near[i] = (i + 0.5f) * (1 + 1e-6f);
    }
    Path golden = floats("near.bin", near);
    assertThat(
            run(
                vectorAdd("--out", "out=" + tmp.resolve("o.bin"), "--expect", "out=" + golden)
                    .toArray(String[]::new)))
        .isEqualTo(2);
    out.getBuffer().setLength(0);
    List<String> tolerant =
        vectorAdd("--out", "out=" + tmp.resolve("o.bin"), "--expect", "out=" + golden);
    tolerant.addAll(List.of("--rtol", "1e-5", "--json"));
    assertThat(run(tolerant.toArray(String[]::new))).as(err.toString()).isZero();
    JsonObject e = json().getAsJsonArray("expect").get(0).getAsJsonObject();
    assertThat(e.get("result").getAsString()).isEqualTo("match");
    assertThat(e.get("compare").getAsString()).isEqualTo("rtol=1.0E-5, atol=0.0");
  }

  @Test
  @DisplayName(
      "--json: schema version, buffers, launches with their payload layout, expect, log lines at"
          + " --log-level and timings")
  void jsonReport() throws Exception {
    List<String> args =
        vectorAdd("--out", "out=" + tmp.resolve("o.bin"), "--expect", "out=" + expected, "--json");
    args.addAll(List.of("--log-level", "info"));
    assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
    JsonObject o = json();
    assertThat(o.get("schemaVersion").getAsInt()).isEqualTo(1);
    assertThat(o.get("result").getAsString()).isEqualTo("ok");
    assertThat(o.get("exitCode").getAsInt()).isZero();
    assertThat(o.getAsJsonArray("buffers")).hasSize(3);
    JsonArray launches = o.getAsJsonArray("launches");
    assertThat(launches).hasSize(1);
    JsonObject exec = launches.get(0).getAsJsonObject();
    assertThat(exec.get("entry").getAsString()).isEqualTo("simpler_aicpu_exec");
    assertThat(exec.get("blocks").getAsInt()).isEqualTo(4);
    assertThat(exec.get("payloadBytes").getAsInt()).isEqualTo(40);
    assertThat(exec.get("kernelReturnCode").getAsLong()).isZero();
    assertThat(o.getAsJsonObject("timings").keySet())
        .contains("openMicros", "buffersMicros", "launchMicros", "readBackMicros", "totalMicros");
    assertThat(o.get("logSource").getAsString()).isEqualTo("simulator");
    // The dispatcher logs its publishing at INFO (docs/ABI.md "Logging").
    assertThat(o.getAsJsonArray("log").toString()).contains("[aicpu-dispatcher]");
    assertThat(err.toString()).as("--json keeps the log in the JSON").isEmpty();

    out.getBuffer().setLength(0);
    args.set(args.indexOf("info"), "warn");
    assertThat(run(args.toArray(String[]::new))).isZero();
    assertThat(json().getAsJsonArray("log")).isEmpty();
  }

  @Test
  @DisplayName(
      "a kernel that crashes the AICPU OS: exit 1, the chip fault said once, and the way back in"
          + " the hint")
  void kernelCrash() throws Exception {
    Path crash = TestSos.packaged(tmp, "fixtures/libfaulty_crash.so");
    PrintStream stderr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    int code;
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      code = run(crash.toString(), "--backend", "sim", "--fast-fail", "--arg", "u64:1");
    } finally {
      System.setErr(stderr);
    }
    assertThat(code).isEqualTo(1);
    String said = err.toString() + logged.toString(StandardCharsets.UTF_8);
    assertThat(said.split("the AICPU OS exited with status", -1))
        .as("the fault in the device log line and in the failure, nowhere else: %s", said)
        .hasSize(3);
    assertThat(err.toString())
        .contains("[chip 0 error] chip fault: the AICPU OS exited with status")
        .contains(
            "aicpu-launch run: simpler_aicpu_exec on device 0 failed: the kernel crashed the AICPU"
                + " process")
        .contains("The device needs a force reset before it is used again");
  }

  @Test
  @DisplayName(
      "P6: a kernel that never returns is reaped by the op-execute watchdog (3 s with"
          + " --fast-fail): exit 1, the timeout in the device log and the failure, and no warning"
          + " of the library's own about the AICPU OS's closed stream")
  void kernelHang() throws Exception {
    Path hang = TestSos.packaged(tmp, "fixtures/libfaulty_hang.so");
    PrintStream stderr = System.err;
    ByteArrayOutputStream logged = new ByteArrayOutputStream();
    int code;
    System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
    try {
      code = run(hang.toString(), "--backend", "sim", "--fast-fail", "--arg", "u64:1");
    } finally {
      System.setErr(stderr);
    }
    assertThat(code).isEqualTo(1);
    assertThat(err.toString())
        .contains("op-execute timeout")
        .contains("the op-execute watchdog reaped simpler_aicpu_exec")
        .contains("after 3000000 us (3 s)")
        .contains(
            "aicpu-launch run: simpler_aicpu_exec on device 0 failed: the op-execute watchdog")
        .contains("--wait-for-debugger holds the launch for gdb");
    assertThat(logged.toString(StandardCharsets.UTF_8)).doesNotContain("WARN").isEmpty();
  }

  @Test
  @DisplayName(
      "a launch that has not returned after a while is named on standard error before the"
          + " watchdog ends it, with how long that is and how to end it sooner; one that returns"
          + " first is not")
  void aSlowLaunchIsNamedBeforeTheWatchdogEndsIt() throws Exception {
    Path hang = TestSos.packaged(tmp, "fixtures/libfaulty_hang.so");
    // The watchdog waits 3 s with --fast-fail; the line comes after 1.
    Consumer<RunCommand> soon = cmd -> cmd.slowLaunchAfter = Duration.ofSeconds(1);
    assertThat(run(soon, hang.toString(), "--backend", "sim", "--fast-fail", "--arg", "u64:1"))
        .isEqualTo(1);
    String said = err.toString();
    assertThat(said)
        .contains(
            "aicpu-launch run: simpler_aicpu_exec on device 0 has not returned after 1 s; the"
                + " op-execute watchdog ends it at 3 s (Ctrl-C ends it now; --fast-fail ends a"
                + " stuck launch after 3 s)");
    assertThat(said.indexOf("has not returned")).isLessThan(said.indexOf("[device 0 error]"));

    err.getBuffer().setLength(0);
    assertThat(
            run(
                soon,
                vectorAdd("--out", "out=" + tmp.resolve("o.bin"), "--expect", "out=" + expected)
                    .toArray(String[]::new)))
        .isZero();
    assertThat(err.toString()).doesNotContain("has not returned");
  }

  /** A runtime whose exec writes through a null pointer on its line 5. */
  private static final String NULL_WRITE =
      "#include <stdint.h>\n"
          + "uint32_t simpler_aicpu_init(void *a) { (void)a; return 0; }\n"
          + "uint32_t simpler_aicpu_exec(void *a) {\n"
          + "  volatile float *nowhere = (volatile float *)(uintptr_t)(a == 0);\n"
          + "  nowhere[3] = 2.0f;\n"
          + "  return 0;\n"
          + "}\n";

  @Test
  @DisplayName(
      "a kernel that crashes on the simulator: the failure names the faulting instruction's offset"
          + " in the user's SO, and addr2line with it names the kernel's source line")
  void aCrashNamesTheFaultingInstruction() throws Exception {
    Path so = HostCc.sharedObject(tmp, "null_write", NULL_WRITE, "-g", "-O0");
    assertThat(run(so.toString(), "--backend", "sim", "--fast-fail", "--arg", "u64:1"))
        .isEqualTo(1);
    Matcher at =
        Pattern.compile(
                "aicpu-launch run: simpler_aicpu_exec on device 0 failed: the kernel crashed the"
                    + " AICPU process at libnull_write\\.so\\+(0x[0-9a-f]+); 1 block\\(s\\)")
            .matcher(err.toString());
    assertThat(at.find()).as(err.toString()).isTrue();
    String offset = at.group(1);
    assertThat(err.toString())
        .contains("a fault at address 0xc by the instruction at ")
        .contains(
            "aicpu-launch run: addr2line -f -e "
                + so
                + " "
                + offset
                + " names the function and, built with -g, the source line that faulted");
    // The offset is the one binutils reads: the function and the line of the null write.
    Process p = new ProcessBuilder("addr2line", "-f", "-e", so.toString(), offset).start();
    String where = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).isZero();
    assertThat(where).startsWith("simpler_aicpu_exec\n").contains("null_write.c:5");

    // A fault inside a library the kernel called (memset through a bad pointer) names that
    // library, not the user's SO, and no addr2line line for the SO.
    err.getBuffer().setLength(0);
    Path libc =
        HostCc.sharedObject(
            tmp,
            "memset_crash",
            "#include <stdint.h>\n#include <string.h>\n"
                + "uint32_t simpler_aicpu_init(void *a) { (void)a; return 0; }\n"
                + "uint32_t simpler_aicpu_exec(void *a) {\n"
                + "  memset((void *)(uintptr_t)(16 + (a == 0)), 0, 4096);\n"
                + "  return 0;\n"
                + "}\n");
    assertThat(run(libc.toString(), "--backend", "sim", "--fast-fail", "--arg", "u64:1"))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("a fault at address 0x10 by the instruction at ")
        .contains(", not in libmemset_crash.so: a call from the kernel passed it a bad pointer")
        .doesNotContain("crashed the AICPU process at libmemset_crash.so")
        .doesNotContain("addr2line -f -e " + libc);

    // Unbounded recursion: a stack overflow, reported as such (on a block's own thread too).
    err.getBuffer().setLength(0);
    Path deep =
        HostCc.sharedObject(
            tmp,
            "deep",
            "#include <stdint.h>\n"
                + "uint32_t simpler_aicpu_init(void *a) { (void)a; return 0; }\n"
                + "static uint32_t deep(volatile char *p, uint64_t n) {\n"
                + "  volatile char buf[4096];\n"
                + "  buf[0] = (char)n; buf[4095] = p ? p[0] : 0;\n"
                + "  return n == 0 ? buf[0] : deep(buf, n - 1) + buf[4095];\n"
                + "}\n"
                + "uint32_t simpler_aicpu_exec(void *a) {\n"
                + "  return deep(0, (uint64_t)1 << 40) + (a == 0);\n"
                + "}\n",
            "-g",
            "-O0");
    assertThat(
            run(
                deep.toString(),
                "--backend",
                "sim",
                "--fast-fail",
                "--blocks",
                "4",
                "--arg",
                "u64:1"))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("(signal 11), a stack overflow: a fault at address 0x")
        .contains("failed: the kernel overflowed its stack at libdeep.so+0x");

    // Under legacy-kfc the device's copy of the SO has the name the simulator's KFC library saves
    // it under: still the user's SO.
    err.getBuffer().setLength(0);
    Path legacy =
        HostCc.sharedObject(
            tmp,
            "legacy_crash",
            "#include <stdint.h>\n"
                + "int StaticTileFwkBackendKernelServer(void *a) { (void)a; return 0; }\n"
                + "uint32_t DynTileFwkBackendKernelServerInit(void *a) { (void)a; return 0; }\n"
                + "uint32_t DynTileFwkBackendKernelServer(void *a) {\n"
                + "  volatile float *nowhere = (volatile float *)(uintptr_t)(a == 0);\n"
                + "  nowhere[3] = 2.0f;\n"
                + "  return 0;\n"
                + "}\n",
            "-g");
    assertThat(
            run(
                legacy.toString(),
                "--backend",
                "sim",
                "--fast-fail",
                "--deploy",
                "legacy-kfc",
                "--launch",
                "legacy-kfc",
                "--declare",
                "DynTileFwkBackendKernelServer",
                "--entry",
                "DynTileFwkBackendKernelServer",
                "--arg",
                "u64:1"))
        .isEqualTo(1);
    assertThat(err.toString())
        .contains("failed: the kernel crashed the AICPU process at liblegacy_crash.so+0x")
        .contains("aicpu-launch run: addr2line -f -e " + legacy + " 0x")
        .doesNotContain("the fault is in");
  }

  @Test
  @DisplayName(
      "P5: a kernel returning 42 exits 1 with kind kernel-failed and its return value; no output"
          + " file is written")
  void kernelFailure() throws Exception {
    Path faulty = TestSos.packaged(tmp, "fixtures/libfaulty_exec_fails.so");
    Path result = tmp.resolve("never.bin");
    List<String> args =
        new ArrayList<>(
            List.of(
                faulty.toString(),
                "--backend",
                "sim",
                "--fast-fail",
                "--in",
                "a=" + a,
                "--out",
                "out=" + result + ":4K",
                "--blocks",
                "3",
                "--arg",
                "ptr:a",
                "--arg",
                "ptr:out"));
    assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
    String text = err.toString();
    err.getBuffer().setLength(0);
    args.add("--json");
    assertThat(run(args.toArray(String[]::new))).isEqualTo(1);
    JsonObject o = json();
    assertThat(o.get("schemaVersion").getAsInt()).isEqualTo(1);
    assertThat(o.get("result").getAsString()).isEqualTo("failed");
    assertThat(o.get("error").getAsString()).isEqualTo("kernel-failed");
    assertThat(o.get("kernelReturnCode").getAsLong()).isEqualTo(42);
    assertThat(o.get("cannCode").getAsInt()).isEqualTo(507018);
    JsonObject launch = o.getAsJsonArray("launches").get(0).getAsJsonObject();
    assertThat(launch.get("result").getAsString()).isEqualTo("failed");
    assertThat(launch.get("kernelReturnCode").getAsLong()).isEqualTo(42);
    assertThat(result).doesNotExist();
    assertThat(err.toString())
        .contains("kernel returned 42")
        .doesNotContain("simpler_aicpu_exec on device 0 failed");

    // Without --json, the error starts with the launch that failed, what its kernel did and the
    // payload it got, whose layout is what a kernel refusing its arguments most often got wrong;
    // CANN's words follow.
    String[] lines = text.split("\\R");
    int error = 0;
    while (error < lines.length && !lines[error].startsWith("aicpu-launch run: Sync failed")) {
      error++;
    }
    assertThat(error).as(text).isBetween(1, lines.length - 1);
    assertThat(lines[error - 1])
        .isEqualTo(
            "aicpu-launch run: simpler_aicpu_exec on device 0 failed: the kernel returned 42; 3"
                + " block(s), payload @0 ptr:a, @8 ptr:out (16 bytes)");
  }

  @Test
  @DisplayName("a failed launch leaves an existing output file as it was, and says so")
  void failedRunKeepsOldOutput() throws Exception {
    Path faulty = TestSos.packaged(tmp, "fixtures/libfaulty_exec_fails.so");
    Path result = Files.writeString(tmp.resolve("kept.bin"), "previous result");
    assertThat(
            run(
                faulty.toString(),
                "--backend",
                "sim",
                "--fast-fail",
                "--out",
                "out=" + result + ":64",
                "--arg",
                "ptr:out"))
        .isEqualTo(1);
    assertThat(Files.readString(result)).isEqualTo("previous result");
    // and says so, since nothing else tells an old file from this run's
    assertThat(err.toString())
        .contains(
            "aicpu-launch run: "
                + result
                + " was not written by this run; the file there is from"
                + " before it");
  }

  @Test
  @DisplayName("--expect on an --in buffer compares what the kernel left there (in place)")
  void expectOnInput() throws Exception {
    List<String> args =
        vectorAdd("--expect", "a=" + a, "--out", "out=" + tmp.resolve("o.bin:4000"));
    assertThat(run(args.toArray(String[]::new))).as(err.toString()).isZero();
    assertThat(out.toString()).contains("a matches " + a);
  }

  @Test
  @DisplayName("--payload FILE per launch still works, and --out takes its size from --expect")
  void payloadFile() throws Exception {
    byte[] init = new byte[32];
    init[4] = 25;
    Path payload = Files.write(tmp.resolve("init.bin"), init);
    int code =
        run(
            so.toString(),
            "--backend",
            "sim",
            "--entry",
            "simpler_aicpu_init",
            "--payload",
            payload.toString(),
            "--blocks",
            "2");
    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("simpler_aicpu_init on device 0, 2 block(s), 32-byte payload")
        .contains("payload --payload " + payload);
  }

  // --- bad input: each refused before any device call, naming the thing and the rule ---

  @Test
  @DisplayName("a missing input file exits 1 and names it; nothing is opened")
  void missingFile() {
    Path missing = tmp.resolve("nope.bin");
    assertThat(run(so.toString(), "--backend", "sim", "--in", "x=" + missing, "--arg", "ptr:x"))
        .isEqualTo(1);
    assertThat(err.toString()).contains("--in x " + missing + ": no such file.");
    assertThat(opened).isEmpty();
  }

  @Test
  @DisplayName(
      "a payload of /dev/zero, a FIFO or a 3 GiB file is refused (3) by its stat, without reading"
          + " it")
  void payloadCheckedBeforeReading() throws Exception {
    assertThat(run(so.toString(), "--backend", "sim", "--payload", "/dev/zero")).isEqualTo(3);
    assertThat(err.toString()).contains("/dev/zero is not a regular file");

    Path fifo = tmp.resolve("fifo");
    Process mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
    assertThat(mk.waitFor()).isZero();
    err.getBuffer().setLength(0);
    // Opening a FIFO for reading would block until a writer comes: the check must not open it.
    assertThat(run(so.toString(), "--backend", "sim", "--payload", fifo.toString())).isEqualTo(3);
    assertThat(err.toString()).contains(fifo + " is not a regular file");

    Path huge = tmp.resolve("huge.bin");
    try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(3L << 30); // sparse: no disk used, and never read
    }
    err.getBuffer().setLength(0);
    assertThat(run(so.toString(), "--backend", "sim", "--payload", huge.toString())).isEqualTo(3);
    assertThat(err.toString()).contains("has 3221225472 bytes; 1..65536 are allowed");
    assertThat(opened).isEmpty();
  }

  @Test
  @DisplayName("a golden file whose size differs from --out's is refused (3) before the run")
  void sizeMismatch() {
    assertThat(
            run(
                vectorAdd(
                        "--out",
                        "out=" + tmp.resolve("o.bin") + ":8000",
                        "--expect",
                        "out=" + expected)
                    .toArray(String[]::new)))
        .isEqualTo(3);
    assertThat(err.toString())
        .contains("--expect out " + expected + " has 4000 bytes; exactly 8000 are allowed.");
    assertThat(opened).isEmpty();
  }

  @Test
  @DisplayName("an unknown buffer name in --arg or --expect is wrong usage (64), naming the known")
  void unknownBufferName() {
    assertThat(run(vectorAdd().toArray(String[]::new))).isEqualTo(64);
    assertThat(err.toString())
        .contains("--arg ptr:out names the buffer 'out', which no --in, --out or --buf declares")
        .contains("(declared: a, b)");
    err.getBuffer().setLength(0);
    assertThat(
            run(vectorAdd("--buf", "out=4000", "--expect", "c=" + expected).toArray(String[]::new)))
        .isEqualTo(64);
    assertThat(err.toString()).contains("--expect c=" + expected + " names the buffer 'c'");
    assertThat(opened).isEmpty();
  }

  @Test
  @DisplayName("type errors in --arg are wrong usage (64), naming the argument and the forms")
  void typeErrors() {
    for (String bad : List.of("u32:-1", "u32:4294967296", "i32:abc", "q32:1", "f32:1e40", "f32:")) {
      err.getBuffer().setLength(0);
      assertThat(usage("--arg", bad)).as(bad).isEqualTo(64);
      assertThat(err.toString()).as(bad).contains("--arg '" + bad + "'").contains("u32:N");
    }
    assertThat(PayloadArg.parse("u32:0xffffffff").literal()).isEqualTo(0xFFFF_FFFFL);
    assertThat(PayloadArg.parse("i32:-2147483648").literal()).isEqualTo(Integer.MIN_VALUE);
    assertThat(PayloadArg.parse("u64:18446744073709551615").literal()).isEqualTo(-1L);
  }

  @Test
  @DisplayName("--arg and --payload in one launch, and a launch with neither, are wrong usage")
  void mixingArgAndPayload() throws Exception {
    Path payload = Files.write(tmp.resolve("p.bin"), new byte[8]);
    assertThat(
            run(
                so.toString(),
                "--backend",
                "sim",
                "--arg",
                "u32:1",
                "--payload",
                payload.toString()))
        .isEqualTo(64);
    assertThat(err.toString())
        .contains("The launch of simpler_aicpu_exec has both --arg values and --payload");
    err.getBuffer().setLength(0);
    assertThat(run(so.toString(), "--backend", "sim", "--entry", "simpler_aicpu_init"))
        .isEqualTo(64);
    assertThat(err.toString()).contains("The launch of simpler_aicpu_init has no payload");
    assertThat(opened).isEmpty();
  }

  @Test
  @DisplayName("a buffer name given twice is wrong usage (64), naming both options")
  void duplicateNames() {
    assertThat(
            run(
                so.toString(),
                "--backend",
                "sim",
                "--in",
                "x=" + a,
                "--buf",
                "x=16",
                "--arg",
                "ptr:x"))
        .isEqualTo(64);
    assertThat(err.toString()).contains("The buffer name 'x' is given twice (--in and --buf)");
    assertThat(opened).isEmpty();
  }

  @Test
  @DisplayName("--out without a size and without --expect is wrong usage, saying how to give one")
  void outWithoutSize() {
    assertThat(
            run(
                so.toString(),
                "--backend",
                "sim",
                "--out",
                "o=" + tmp.resolve("o.bin"),
                "--arg",
                "ptr:o"))
        .isEqualTo(64);
    assertThat(err.toString()).contains("--out o has no size; write --out o=");
  }

  @Test
  @DisplayName("buffer specs: sizes with suffixes, FILE:SIZE, bad names and zero sizes")
  void bufferSpecs() {
    assertThat(BufferSpec.parse(BufferSpec.Kind.BUF, "t=64K").size()).isEqualTo(65536);
    BufferSpec o = BufferSpec.parse(BufferSpec.Kind.OUT, "y=dir/y.bin:1M");
    assertThat(o.file()).isEqualTo(Path.of("dir/y.bin"));
    assertThat(o.size()).isEqualTo(1 << 20);
    assertThat(BufferSpec.parse(BufferSpec.Kind.OUT, "y=a:b.bin").file())
        .isEqualTo(Path.of("a:b.bin"));
    for (String bad : List.of("1x=f", "x", "x=")) {
      err.getBuffer().setLength(0);
      assertThat(usage("--in", bad)).as(bad).isEqualTo(64);
      assertThat(err.toString()).as(bad).contains("--in '" + bad + "'");
    }
    assertThat(usage("--buf", "t=0")).isEqualTo(64);
  }

  @Test
  @DisplayName("payload layout follows C struct rules: natural alignment, tail padding")
  void payloadLayout() {
    PayloadLayout l =
        PayloadLayout.of(
            List.of(
                PayloadArg.parse("u32:7"),
                PayloadArg.parse("u64:9"),
                PayloadArg.parse("f32:2.5"),
                PayloadArg.parse("blocks")));
    // struct { uint32_t a; uint64_t b; float c; struct aicpu_blocks d; }: 0, 8, 16, 20; size 32.
    assertThat(l.offsets()).containsExactly(0, 8, 16, 20);
    assertThat(l.size()).isEqualTo(32);
    ByteBuffer p = l.encode(n -> 0, n -> 0, 6).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(p.getInt(0)).isEqualTo(7);
    assertThat(p.getInt(4)).isZero();
    assertThat(p.getLong(8)).isEqualTo(9);
    assertThat(p.getFloat(16)).isEqualTo(2.5f);
    assertThat(p.getInt(20)).isZero();
    assertThat(p.getInt(24)).isEqualTo(6);
    assertThat(p.getInt(28)).isZero();
  }
}
