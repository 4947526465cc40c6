package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

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
}
