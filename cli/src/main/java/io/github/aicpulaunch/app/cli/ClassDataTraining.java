package io.github.aicpulaunch.app.cli;

import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training run of the launcher's class-data archive: runs the commands a user starts most in
 * one JVM, so that {@code -XX:ArchiveClassesAtExit} archives every class they load, not only one
 * command's (docs/PERFORMANCE.md, "Issue 18"). The {@code aicpu-launch} script runs it once per
 * build and JVM as {@code java -XX:ArchiveClassesAtExit=... -cp aicpu-launch.jar
 * io.github.aicpulaunch.app.cli.ClassDataTraining}; it is not a subcommand.
 *
 * <p>Every command runs on the embedded simulator with files in a temporary folder that is deleted
 * afterwards; their output is discarded. Prints one line per command that did not exit as expected,
 * on standard error, and exits 1 then: an archive is only as good as its training.
 */
public final class ClassDataTraining {
  private ClassDataTraining() {}

  /** The number of floats in each of the vector runtime's buffers. */
  private static final int FLOATS = 1024;

  public static void main(String[] args) throws IOException {
    System.exit(train());
  }

  /** Runs the training commands; returns 0 when each exited as expected, else 1. */
  static int train() throws IOException {
    Path dir = Files.createTempDirectory("aicpu-launch-training-");
    PrintStream out = System.out;
    PrintStream err = System.err;
    List<String> failures = new ArrayList<>();
    try {
      List<String[]> commands = commands(dir);
      PrintStream sink = new PrintStream(OutputStream.nullOutputStream(), true, "UTF-8");
      System.setOut(sink);
      System.setErr(sink);
      for (String[] command : commands) {
        int code = Main.run(command);
        if (code != ExitCodes.OK) {
          failures.add(String.join(" ", command) + " exited " + code);
        }
      }
    } finally {
      System.setOut(out);
      System.setErr(err);
      NewCommand.deleteTree(dir);
    }
    for (String f : failures) {
      err.println("aicpu-launch: class-data training: " + f);
    }
    return failures.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
  }

  /**
   * The training commands, with the files they read written into {@code dir}: the packaged vector
   * runtime and its buffers, and the folder {@code new} creates. Each runs on the embedded
   * simulator and exits 0.
   */
  public static List<String[]> commands(Path dir) throws IOException {
    Path so = dir.resolve(PackagedSos.VECTOR_RUNTIME);
    Files.write(
        so,
        PackagedSos.bytes(hostArch(), PackagedSos.VECTOR_RUNTIME)
            .orElseThrow(() -> new IOException("this build packages no vector runtime")));
    writeFloats(dir.resolve("a.bin"), 1.0f, 0.0f);
    writeFloats(dir.resolve("b.bin"), 0.5f, 2.0f);
    writeFloats(dir.resolve("e.bin"), 1.5f, 2.0f);
    String[] run = {
      "run",
      so.toString(),
      "--backend",
      "sim",
      "--in",
      "a=" + dir.resolve("a.bin"),
      "--in",
      "b=" + dir.resolve("b.bin"),
      "--out",
      "out=" + dir.resolve("out.bin"),
      "--expect",
      "out=" + dir.resolve("e.bin"),
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
      "u64:" + FLOATS,
      "--arg",
      "blocks"
    };
    List<String[]> commands = new ArrayList<>();
    commands.add(new String[] {"--help"});
    commands.add(new String[] {"--version"});
    commands.add(new String[] {"inspect", so.toString()});
    commands.add(new String[] {"inspect", "--json", so.toString()});
    commands.add(new String[] {"doctor", "--backend", "sim"});
    commands.add(new String[] {"doctor", "--backend", "sim", "--json"});
    commands.add(run);
    commands.add(concat(run, "--json"));
    commands.add(new String[] {"new", "saxpy", "--dir", dir.resolve("saxpy").toString()});
    commands.add(new String[] {"demo"});
    return commands;
  }

  private static DeviceArch hostArch() {
    return System.getProperty("os.arch", "").toLowerCase(Locale.ROOT).equals("aarch64")
        ? DeviceArch.AARCH64
        : DeviceArch.X86_64;
  }

  /** {@code FLOATS} little-endian floats {@code start + i * step}. */
  private static void writeFloats(Path file, float start, float step) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < FLOATS; i++) {
      b.putFloat(start + i * step);
    }
    Files.write(file, b.array());
  }

  private static String[] concat(String[] args, String last) {
    String[] all = new String[args.length + 1];
    System.arraycopy(args, 0, all, 0, args.length);
    all[args.length] = last;
    return all;
  }
}
