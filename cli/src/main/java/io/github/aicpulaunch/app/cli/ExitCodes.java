package io.github.aicpulaunch.app.cli;

/** The exit codes of every subcommand, as documented in {@code --help}. */
final class ExitCodes {
  /** Success: the command did what was asked. */
  static final int OK = 0;

  /** Input that cannot be read or parsed, or a failure after the first device call. */
  static final int FAILED = 1;

  /** The input was read, but it does not satisfy the requirement checked (or a result differs). */
  static final int NOT_SATISFIED = 2;

  /**
   * Refused before anything touched a device: bad SO, or a strategy that cannot work here. Never
   * used once a device call was made, whatever the failure.
   */
  static final int REFUSED = 3;

  /** The backend asked for cannot be used on this machine. */
  static final int UNAVAILABLE = 4;

  /** Wrong usage: unknown option, missing argument. */
  static final int USAGE = 64;

  static final String HELP_TEXT =
      "%nExit codes:%n"
          + "  0   success%n"
          + "  1   unreadable input, or a failure after the first device call (printed on one%n"
          + "      line, naming the phase: open, bootstrap, registration probe, registration,%n"
          + "      init launch, exec, sync or unload)%n"
          + "  2   inspect: the SO was read but does not satisfy the runtime contract;%n"
          + "      demo: a strategy ran and produced a wrong result;%n"
          + "      run: an output differs from its golden file (--expect)%n"
          + "  3   refused before any device call (wrong-arch SO, missing entry, a strategy%n"
          + "      this CANN cannot run, a KFC latch conflict); the hint says the way out%n"
          + "  4   the backend asked for is not available here (doctor says why)%n"
          + "  64  wrong usage%n";

  private ExitCodes() {}
}
