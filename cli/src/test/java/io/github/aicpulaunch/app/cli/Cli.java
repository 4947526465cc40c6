package io.github.aicpulaunch.app.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** The CLI in a test: in this JVM with its output captured, or as a process of its own. */
final class Cli {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  /**
   * Runs {@code aicpu-launch args...} in this JVM as {@link Main} does (only the subcommand named
   * is built); output goes to {@link #out} and {@link #err}.
   */
  int run(String... args) {
    CommandLine cl = AicpuLaunchCommand.commandLine(args);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  /** The command line of {@code aicpu-launch args...} as a process: this test's classpath. */
  static List<String> process(String... args) {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    cmd.addAll(List.of(args));
    return cmd;
  }
}
