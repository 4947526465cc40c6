package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimProfile;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The names listed by {@code --help}, completed by {@code completion} and accepted or named in
 * errors come from one list each: {@link BuiltInStrategies#LAUNCH_STRATEGIES}, {@link
 * BuiltInStrategies#DEPLOYMENTS} and {@link SimProfile#BUILT_IN}.
 */
class NamesTest {
  private static final Map<String, List<String>> LISTS =
      Map.of(
          "--launch", BuiltInStrategies.LAUNCH_STRATEGIES,
          "--deploy", BuiltInStrategies.DEPLOYMENTS,
          "--sim-profile", SimProfile.builtInNames());

  /** The names a rendered description lists: between its first ": " and " (default" or ", or". */
  private static List<String> listed(String description) {
    String text = String.join(" ", description.split("\\s+"));
    int from = text.indexOf(": ") + 2;
    int to = text.indexOf(", or ", from);
    if (to < 0) {
      to = text.indexOf(" (default", from);
    }
    return Arrays.asList(text.substring(from, to).split(", "));
  }

  @Test
  void eachOptionListsAndCompletesExactlyItsOneList() {
    List<String> seen = new ArrayList<>();
    for (CommandLine sub : AicpuLaunchCommand.commandLine().getSubcommands().values()) {
      for (OptionSpec option : sub.getCommandSpec().options()) {
        List<String> names = LISTS.get(option.longestName());
        if (names == null) {
          continue;
        }
        String where = sub.getCommandName() + " " + option.longestName();
        seen.add(where);
        List<String> candidates = new ArrayList<>();
        option.completionCandidates().forEach(candidates::add);
        assertThat(candidates).as(where).containsExactlyElementsOf(names);
        assertThat(listed(String.join(" ", option.renderedDescription())))
            .as(where)
            .containsExactlyElementsOf(names);
      }
    }
    assertThat(seen)
        .containsExactlyInAnyOrder(
            "demo --sim-profile",
            "run --sim-profile",
            "run --launch",
            "run --deploy",
            "doctor --sim-profile");
  }

  @Test
  void theProfileDefaultIsOneOfTheList() {
    assertThat(SimProfile.BUILT_IN).contains(SimProfile.DEFAULT);
    assertThat(new SimProfileOption().profile()).isEqualTo(SimProfile.DEFAULT);
  }

  @Test
  void anUnknownProfileIsRefusedNamingExactlyTheList() {
    Cli cli = new Cli();
    assertThat(cli.run("demo", "--sim-profile", "7.0")).isNotZero();
    String err = cli.err.toString();
    List<String> names = SimProfile.builtInNames();
    assertThat(err)
        .contains(
            String.join(", ", names.subList(0, names.size() - 1))
                + " or "
                + names.get(names.size() - 1)
                + ", or the path of a profile file");
  }
}
