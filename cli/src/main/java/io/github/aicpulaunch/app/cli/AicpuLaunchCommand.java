package io.github.aicpulaunch.app.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The top-level {@code aicpu-launch} command. */
final class AicpuLaunchCommand implements Runnable {
  final CommandSpec spec = CommandModel.command(this, "aicpu-launch");

  AicpuLaunchCommand() {
    spec.versionProvider(new VersionProvider());
    spec.usageMessage()
        .description(
            "Run your own AICPU kernels on Ascend NPUs from a plain host process, or on the embedded"
                + " CANN simulator.")
        .footer(ExitCodes.HELP_TEXT);
    CommandModel.addStandardHelpOptions(spec);
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** The subcommands, in the order help lists them; help itself last. */
  private static final List<String> SUBCOMMANDS =
      List.of("demo", "run", "doctor", "inspect", "new", "completion", "help");

  /**
   * A subcommand's model built in code ({@link CommandModel}), built only when it is needed (and a
   * switch, unlike a map of suppliers, links no lambda per subcommand).
   */
  private static Object subcommand(String name) {
    switch (name) {
      case "demo":
        return new DemoCommand().spec;
      case "run":
        return new RunCommand().spec;
      case "doctor":
        return new DoctorCommand().spec;
      case "inspect":
        return new InspectCommand().spec;
      case "new":
        return new NewCommand().spec;
      case "completion":
        return new CompletionCommand().spec;
      case "help":
        // COMMAND completes to every subcommand but help itself, the last.
        return new HelpCommand(SUBCOMMANDS.subList(0, SUBCOMMANDS.size() - 1)).spec;
      default:
        throw new IllegalArgumentException("no subcommand " + name);
    }
  }

  /** The whole command line, every subcommand included. */
  static CommandLine commandLine() {
    return commandLine(new String[0]);
  }

  /**
   * The command line that {@code args} needs: when the first argument names a subcommand other than
   * {@code help} and {@code completion} (which read the whole tree), only that one is built (its
   * help, errors and exit codes are the same); otherwise (no subcommand, a top-level option, {@code
   * help}, {@code completion}, an unknown word) all of them; for {@code --version} or {@code -V}
   * alone, none (the version is the top-level command's own).
   */
  static CommandLine commandLine(String... args) {
    String first = args.length > 0 ? args[0] : "";
    boolean one =
        SUBCOMMANDS.contains(first) && !first.equals("help") && !first.equals("completion");
    boolean none = args.length == 1 && (first.equals("--version") || first.equals("-V"));
    CommandLine cl = new CommandLine(new AicpuLaunchCommand().spec);
    for (String name : SUBCOMMANDS) {
      if (!none && (!one || name.equals(first))) {
        cl.addSubcommand(name, subcommand(name));
      }
    }
    cl.setExitCodeExceptionMapper(t -> ExitCodes.FAILED);
    cl.setParameterExceptionHandler(
        (ex, ignored) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("aicpu-launch: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    return cl;
  }
}
