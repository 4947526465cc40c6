package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command modelled in code (CommandModel) parses as an annotated one would: picocli writes the
 * fields, appends to list options, shows the fields' initial values as defaults, and puts the
 * initial values back when the same command line parses again.
 */
class CommandModelTest {
  /** A command with one option of each kind, its fields as a command's are. */
  static final class Sample {
    int count = 3;
    List<String> names = new ArrayList<>();
    String target = "none";
    final CommandSpec spec = CommandModel.command(this, "sample");

    Sample() {
      spec.addOption(
          CommandModel.option("--count", int.class, count, v -> count = v)
              .description("How many (default: ${DEFAULT-VALUE}).")
              .build());
      spec.addOption(
          CommandModel.list("--name", String.class, names, v -> names = v)
              .description("A name (repeatable).")
              .build());
      spec.addPositional(
          CommandModel.positional("0", String.class, target, v -> target = v)
              .arity("0..1")
              .build());
    }
  }

  @Test
  @DisplayName(
      "options set their fields, a list option collects every value, and a second parse starts"
          + " from the initial values again")
  void parsesLikeAnAnnotatedCommand() {
    Sample s = new Sample();
    CommandLine cl = new CommandLine(s.spec);

    cl.parseArgs("--count", "5", "--name", "a", "--name", "b", "there");
    assertThat(s.count).isEqualTo(5);
    assertThat(s.names).containsExactly("a", "b");
    assertThat(s.target).isEqualTo("there");

    cl.parseArgs("--name", "c");
    assertThat(s.count).as("back to its initial value").isEqualTo(3);
    assertThat(s.names).containsExactly("c");
    assertThat(s.target).isEqualTo("none");

    cl.parseArgs();
    assertThat(s.names).isEmpty();
    assertThat(cl.getUsageMessage()).contains("How many (default: 3).");
  }
}
