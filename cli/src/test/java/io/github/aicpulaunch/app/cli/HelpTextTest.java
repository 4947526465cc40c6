package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every text of {@code --help} is whole sentences: the one-line summary of each command (what the
 * command list shows), the first paragraph of its description, and each line of the description of
 * each option and parameter (picocli breaks the line after each), walked through picocli's
 * CommandSpec. A summary cut after its first line of description ("Run your own AICPU kernels on
 * Ascend NPUs from a plain host process,") fails here.
 */
class HelpTextTest {
  /** A capital first, a full stop last, and nothing that a cut line would end with before it. */
  private static final Pattern SENTENCES = Pattern.compile("[A-Z].*[^,;:(]\\.");

  private static List<CommandSpec> commands(CommandSpec spec) {
    List<CommandSpec> all = new ArrayList<>(List.of(spec));
    for (CommandLine sub : spec.subcommands().values()) {
      if (!all.contains(sub.getCommandSpec())) {
        all.addAll(commands(sub.getCommandSpec()));
      }
    }
    return all;
  }

  private static String text(String... lines) {
    return String.join(" ", lines).replace("%n", " ").strip().replaceAll("\\s+", " ");
  }

  @Test
  void everyCommandHasAOneLineSummaryThatIsAWholeSentence() {
    List<String> problems = new ArrayList<>();
    for (CommandSpec c : commands(AicpuLaunchCommand.commandLine().getCommandSpec())) {
      String[] summary =
          c.usageMessage().header().length > 0
              ? c.usageMessage().header()
              : c.usageMessage().description();
      // The command list shows the first line only.
      if (summary.length == 0 || !SENTENCES.matcher(text(summary[0])).matches()) {
        problems.add(c.qualifiedName() + " summary: " + Arrays.toString(summary));
      }
      List<String> firstParagraph = new ArrayList<>();
      for (String line : c.usageMessage().description()) {
        if (line.replace("%n", "").isBlank()) {
          if (!firstParagraph.isEmpty()) {
            break;
          }
        } else {
          firstParagraph.add(line);
        }
      }
      String described = text(firstParagraph.toArray(String[]::new));
      if (!SENTENCES.matcher(described).matches()) {
        problems.add(c.qualifiedName() + " description: " + described);
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void everyOptionAndParameterIsDescribedInWholeSentences() {
    List<String> problems = new ArrayList<>();
    int checked = 0;
    for (CommandSpec c : commands(AicpuLaunchCommand.commandLine().getCommandSpec())) {
      List<ArgSpec> args = new ArrayList<>(c.options());
      args.addAll(c.positionalParameters());
      for (ArgSpec arg : args) {
        if (arg.hidden()) {
          continue;
        }
        checked++;
        // picocli breaks the line after each element: each must end a sentence.
        for (String line : arg.renderedDescription()) {
          String described = text(line);
          if (!SENTENCES.matcher(described).matches() || described.contains("${")) {
            problems.add(c.qualifiedName() + " " + arg.paramLabel() + ": " + described);
          }
        }
      }
    }
    assertThat(problems).isEmpty();
    assertThat(checked).as("options and parameters checked").isGreaterThan(40);
  }

  /**
   * picocli starts a new line at each element of a header, description or footer and wraps an
   * element longer than the help's width: an element that wraps and is followed by more text of its
   * paragraph leaves a short fragment before a line break in mid-sentence ("...or why" / "not,
   * whether..."). So every element either fits the width or ends its paragraph (the last element,
   * or followed by an empty one).
   */
  @Test
  void noParagraphIsBrokenInMidSentence() {
    List<String> problems = new ArrayList<>();
    for (CommandSpec c : commands(AicpuLaunchCommand.commandLine().getCommandSpec())) {
      int width = c.usageMessage().width();
      List<String[]> sections =
          List.of(
              c.usageMessage().header(), c.usageMessage().description(), c.usageMessage().footer());
      for (String[] section : sections) {
        List<String> lines = new ArrayList<>();
        for (String element : section) {
          lines.addAll(Arrays.asList(String.format(element).split("\\R", -1)));
        }
        for (int i = 0; i + 1 < lines.size(); i++) {
          if (lines.get(i).length() > width && !lines.get(i + 1).isBlank()) {
            problems.add(c.qualifiedName() + " (width " + width + "): " + lines.get(i));
          }
        }
      }
    }
    assertThat(problems).isEmpty();
  }

  @Test
  void theTopLevelHelpListsEachCommandWithItsWholeSummary() {
    String help = AicpuLaunchCommand.commandLine().getUsageMessage();
    for (CommandSpec c : commands(AicpuLaunchCommand.commandLine().getCommandSpec())) {
      if (c.parent() != null && c.parent().parent() == null) {
        String[] header = c.usageMessage().header();
        String summary = text(header.length > 0 ? header[0] : c.usageMessage().description()[0]);
        assertThat(help.replaceAll("\\s+", " ")).as(c.name()).contains(c.name() + " " + summary);
      }
    }
  }
}
