package io.github.aicpulaunch.app.cli;

/** Entry point of the {@code aicpu-launch} command. */
public final class Main {
  /**
   * picocli's system property naming the built-in type converters it should not register: each
   * command line registers one for every java.time and java.sql type it can find, initialising
   * those classes by reflection (milliseconds of every start, issue 18), and no option of this CLI
   * has such a type. A value the user set is kept.
   */
  static final String CONVERTER_EXCLUDES = "picocli.converters.excludes";

  private Main() {}

  public static void main(String[] args) {
    if (System.getProperty(CONVERTER_EXCLUDES) == null) {
      System.setProperty(CONVERTER_EXCLUDES, "java\\.(sql|time)\\..*");
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; never calls {@code System.exit}. */
  public static int run(String... args) {
    return AicpuLaunchCommand.commandLine(args).execute(args);
  }
}
