package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The command line builds only the subcommand its first argument names (a start-up cost, issue 18),
 * and that changes nothing a user sees: help, errors and exit codes are those of the whole command
 * line.
 */
class LazySubcommandsTest {
  private static final String[] ALL = {
    "demo", "run", "doctor", "inspect", "new", "completion", "help"
  };

  @Test
  @DisplayName("a subcommand named first is the only one built; otherwise all of them, in order")
  void buildsOnlyTheSubcommandNamed() {
    for (String name : new String[] {"demo", "run", "doctor", "inspect", "new"}) {
      assertThat(AicpuLaunchCommand.commandLine(name, "--help").getSubcommands().keySet())
          .as(name)
          .containsExactly(name);
    }
    for (String[] args :
        new String[][] {
          {}, {"--help"}, {"--version", "run"}, {"help", "run"}, {"completion"}, {"nosuch"}
        }) {
      assertThat(AicpuLaunchCommand.commandLine(args).getSubcommands().keySet())
          .as(String.join(" ", args))
          .containsExactly(ALL);
    }
    for (String version : new String[] {"--version", "-V"}) {
      assertThat(AicpuLaunchCommand.commandLine(version).getSubcommands()).as(version).isEmpty();
    }
  }

  @Test
  @DisplayName("--version and -V alone print the same with no subcommand built as with all")
  void versionAloneNeedsNoSubcommand() {
    for (String version : new String[] {"--version", "-V"}) {
      String[] alone = execute(AicpuLaunchCommand.commandLine(version), version);
      String[] whole = execute(AicpuLaunchCommand.commandLine(), version);
      assertThat(alone).as(version).containsExactly(whole);
      assertThat(alone[0]).as(version).isEqualTo("0");
      assertThat(alone[1]).as(version).startsWith("aicpu-launch ").contains("Java ");
    }
  }

  @Test
  @DisplayName("help, a usage error and its exit code are the same built alone or with all")
  void sameOutputAsTheWholeCommandLine() {
    String[][] cases = {
      {"inspect", "--help"},
      {"run", "--help"},
      {"doctor", "--no-such-option"},
      {"run"},
      {"new", "--help"},
    };
    for (String[] args : cases) {
      String[] alone = execute(AicpuLaunchCommand.commandLine(args), args);
      String[] whole = execute(AicpuLaunchCommand.commandLine(), args);
      assertThat(alone).as(String.join(" ", args)).containsExactly(whole);
      assertThat(alone[1] + alone[2])
          .as(String.join(" ", args))
          .contains("aicpu-launch " + args[0]);
    }
  }

  /** Exit code, standard output and standard error of {@code args}. */
  private static String[] execute(CommandLine cl, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new String[] {Integer.toString(code), out.toString(), err.toString()};
  }
}
