package io.github.aicpulaunch.app.cli;

/** The exit codes of every subcommand, as documented in {@code --help}. */
final class ExitCodes {
  /** Success: the command did what was asked. */
  static final int OK = 0;

  /** Input that cannot be read or parsed, or a run that failed. */
  static final int FAILED = 1;

  /** The input was read, but it does not satisfy the requirement checked. */
  static final int NOT_SATISFIED = 2;

  /** Wrong usage: unknown option, missing argument. */
  static final int USAGE = 64;

  static final String HELP_TEXT =
      "%nExit codes:%n"
          + "  0   success%n"
          + "  1   unreadable input, or the run failed (the reason is printed on one line)%n"
          + "  2   the SO was read but does not satisfy the runtime contract%n"
          + "  64  wrong usage%n";

  private ExitCodes() {}
}
