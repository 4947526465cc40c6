package io.github.aicpulaunch.app.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Help.ColorScheme;
import picocli.CommandLine.IHelpCommandInitializable2;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/**
 * {@code aicpu-launch help [COMMAND]}: the usage help of the top-level command, or of the command
 * named. It says and does what picocli's {@code CommandLine.HelpCommand} does, with its model built
 * in code ({@link CommandModel}): picocli reads that one's annotations by reflection, about 20 ms
 * of every start that builds the whole command line ({@code --help}, {@code --version}, no
 * arguments, {@code completion}).
 */
final class HelpCommand implements Callable<Integer>, IHelpCommandInitializable2 {
  final CommandSpec spec = CommandModel.command(this, "help");

  @Nullable String command;

  private @Nullable CommandLine self;
  private @Nullable ColorScheme colors;
  private @Nullable PrintWriter out;

  /** {@code commands}: the names COMMAND may take, which shell completion offers. */
  HelpCommand(List<String> commands) {
    spec.helpCommand(true);
    spec.usageMessage()
        .header("Display help information about the specified command.")
        .synopsisHeading("%nUsage: ")
        .description(
            "%nWhen no COMMAND is given, the usage help for the main command is displayed.",
            "If a COMMAND is specified, the help for that command is shown.%n");
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .type(boolean.class)
            .descriptionKey("helpCommand.help")
            .description("Show usage help for the help command and exit.")
            .build());
    spec.addPositional(
        CommandModel.positional("0", String.class, command, v -> command = v)
            .paramLabel("COMMAND")
            .arity("0..1")
            .completionCandidates(commands)
            .descriptionKey("helpCommand.command")
            .description("The COMMAND to display the usage help message for.")
            .build());
  }

  @Override
  public void init(
      CommandLine helpCommandLine, ColorScheme colorScheme, PrintWriter out, PrintWriter err) {
    this.self = helpCommandLine;
    this.colors = colorScheme;
    this.out = out;
  }

  @Override
  public Integer call() {
    CommandLine parent = self == null ? null : self.getParent();
    if (parent == null || colors == null || out == null) {
      return ExitCodes.OK;
    }
    CommandLine shown = parent;
    if (command != null) {
      shown = parent.getSubcommands().get(command);
      if (shown == null) {
        throw new ParameterException(
            parent, "Unknown subcommand '" + command + "'.", null, command);
      }
    }
    shown.usage(out, colors);
    return shown.getCommandSpec().exitCodeOnUsageHelp();
  }
}
