package io.github.aicpulaunch.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code aicpu-launch} command. */
@Command(
    name = "aicpu-launch",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Run your own AICPU kernels on Ascend NPUs from a plain host process, or on the embedded"
          + " CANN simulator."
    },
    footer = ExitCodes.HELP_TEXT,
    subcommands = {
      DemoCommand.class,
      RunCommand.class,
      DoctorCommand.class,
      InspectCommand.class,
      NewCommand.class,
      CompletionCommand.class,
      CommandLine.HelpCommand.class
    })
final class AicpuLaunchCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new AicpuLaunchCommand());
    cl.setExitCodeExceptionMapper(t -> ExitCodes.FAILED);
    cl.setParameterExceptionHandler(
        (ex, args) -> {
          CommandLine c = ex.getCommandLine();
          c.getErr().println("aicpu-launch: " + ex.getMessage());
          c.getErr().println("Try '" + c.getCommandSpec().qualifiedName() + " --help'.");
          return ExitCodes.USAGE;
        });
    return cl;
  }
}
