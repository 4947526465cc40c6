package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code aicpu-launch completion} prints a bash completion script of this build's commands. */
class CompletionCommandTest {
  @Test
  void printsABashScriptThatNamesEverySubcommandAndTheirOptions() {
    Cli cli = new Cli();
    assertThat(cli.run("completion")).isZero();
    String script = cli.out.toString();
    assertThat(script)
        .startsWith("#!/usr/bin/env bash")
        .contains("complete -F _complete_aicpu-launch")
        .contains("--sim-profile", "--expect", "--only-entry", "--card-glibc");
    for (String sub : AicpuLaunchCommand.commandLine().getSubcommands().keySet()) {
      assertThat(script)
          .as(sub)
          .containsPattern("local commands=\"[^\"]*\\b" + sub + "\\b")
          .contains("function _picocli_aicpu-launch_" + sub + "()");
    }
    assertThat(cli.err.toString()).isEmpty();
  }

  @Test
  void theScriptIsValidBash() throws Exception {
    Cli cli = new Cli();
    assertThat(cli.run("completion")).isZero();
    Process bash = new ProcessBuilder("bash", "-n").redirectErrorStream(true).start();
    bash.getOutputStream()
        .write(cli.out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    bash.getOutputStream().close();
    String out =
        new String(bash.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(out).isZero();
  }

  @Test
  void theScriptCompletesCommandsAndTheCommandAfterHelp() throws Exception {
    Cli cli = new Cli();
    assertThat(cli.run("completion")).isZero();
    assertThat(complete(cli.out.toString(), ""))
        .containsExactly("demo", "run", "doctor", "inspect", "new", "completion", "help");
    assertThat(complete(cli.out.toString(), "help", ""))
        .containsExactly("demo", "run", "doctor", "inspect", "new", "completion");
    assertThat(complete(cli.out.toString(), "help", "d")).containsExactly("demo", "doctor");
    assertThat(complete(cli.out.toString(), "help", "run", ""))
        .as("help takes one COMMAND")
        .isEmpty();
  }

  /** What the script offers for the last of {@code words} after {@code aicpu-launch}, in bash. */
  private static List<String> complete(String script, String... words) throws Exception {
    StringBuilder cmd = new StringBuilder(script).append("\nCOMP_WORDS=(aicpu-launch");
    for (String w : words) {
      cmd.append(" '").append(w).append("'");
    }
    cmd.append(")\nCOMP_CWORD=").append(words.length).append('\n');
    cmd.append("_complete_aicpu-launch\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
    Process bash = new ProcessBuilder("bash", "-s").redirectErrorStream(true).start();
    bash.getOutputStream().write(cmd.toString().getBytes(StandardCharsets.UTF_8));
    bash.getOutputStream().close();
    String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(bash.waitFor()).as(out).isZero();
    return out.lines().filter(l -> !l.isEmpty()).toList();
  }
}
