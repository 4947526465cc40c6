package io.github.aicpulaunch.app.cli;

/** Entry point of the {@code aicpu-launch} command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; never calls {@code System.exit}. */
  public static int run(String... args) {
    return AicpuLaunchCommand.commandLine(args).execute(args);
  }
}
