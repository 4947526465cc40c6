package io.github.aicpulaunch.app.cli;

/** Entry point of the {@code aicpu-launch} command. */
public final class Main {
  /**
   * System properties the command sets for its own process unless the user set them (issue 18: each
   * saves milliseconds of every start):
   *
   * <ul>
   *   <li>picocli's built-in type converters it should not register: each command line registers
   *       one for every java.time and java.sql type it can find, initialising those classes by
   *       reflection, and no option of this CLI has such a type;
   *   <li>SLF4J's provider, the one logging binding the jar bundles (slf4j-simple), which SLF4J
   *       would otherwise look up with a ServiceLoader; and SLF4J's own verbosity, whose default
   *       would announce that choice on standard error.
   * </ul>
   */
  static final String[][] DEFAULTS = {
    {"picocli.converters.excludes", "java\\.(sql|time)\\..*"},
    {"slf4j.provider", "org.slf4j.simple.SimpleServiceProvider"},
    {"slf4j.internal.verbosity", "WARN"},
  };

  private Main() {}

  public static void main(String[] args) {
    for (String[] d : DEFAULTS) {
      if (System.getProperty(d[0]) == null) {
        System.setProperty(d[0], d[1]);
      }
    }
    System.exit(run(args));
  }

  /** Runs the command line and returns its exit code; never calls {@code System.exit}. */
  public static int run(String... args) {
    return AicpuLaunchCommand.commandLine(args).execute(args);
  }
}
