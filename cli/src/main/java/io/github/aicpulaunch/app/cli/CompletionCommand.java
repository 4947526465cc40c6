package io.github.aicpulaunch.app.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code aicpu-launch completion}: prints the bash (and zsh) completion script picocli generates
 * from the command tree, so the script always knows the commands and options of this build.
 */
final class CompletionCommand implements Callable<Integer> {
  final CommandSpec spec = CommandModel.command(this, "completion");

  CompletionCommand() {
    spec.usageMessage()
        .header("Print the shell completion script of aicpu-launch.")
        .description(
            "Print the bash completion script of every command and option of this build; zsh reads"
                + " it too after 'autoload -U +X bashcompinit && bashcompinit'.",
            "",
            "For this shell:",
            "  source <(aicpu-launch completion)",
            "For every new shell:",
            "  aicpu-launch completion \\",
            "    > ~/.local/share/bash-completion/completions/aicpu-launch")
        .footer("", "Exit codes: 0 the script was printed; 64 wrong usage.");
    CommandModel.addStandardHelpOptions(spec);
  }

  @Override
  public Integer call() {
    CommandSpec root = spec.root();
    spec.commandLine().getOut().print(AutoComplete.bash(root.name(), root.commandLine()));
    spec.commandLine().getOut().flush();
    return ExitCodes.OK;
  }
}
