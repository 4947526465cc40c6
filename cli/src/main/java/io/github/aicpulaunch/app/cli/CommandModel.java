package io.github.aicpulaunch.app.cli;

import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.IGetter;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * picocli's model of a command built in code, for every command of the CLI. Reading the model from
 * picocli's annotations costs a JVM one dynamic proxy class per annotation type and reflective
 * field access, which no class-data archive holds: about a third of a command's start-up
 * (docs/PERFORMANCE.md, "Issue 18").
 *
 * <p>Each option is bound to its command's field through a setter written here, so picocli sets the
 * field as it would an annotated one; its initial value (the help's {@code ${DEFAULT-VALUE}}) is
 * the field's. picocli reads the value back through the binding, which keeps what it last set: the
 * command's fields are written by parsing only, and one lambda an option instead of two saves their
 * linkage at every start.
 */
final class CommandModel {
  private CommandModel() {}

  /** A command named {@code name} that executes {@code command}, read without inspection. */
  static CommandSpec command(Object command, String name) {
    return CommandSpec.wrapWithoutInspection(command).name(name);
  }

  /**
   * Adds {@code -h, --help} and {@code -V, --version} as {@code mixinStandardHelpOptions} does:
   * picocli's texts, after every other option.
   */
  static void addStandardHelpOptions(CommandSpec spec) {
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .type(boolean.class)
            .descriptionKey("mixinStandardHelpOptions.help")
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .type(boolean.class)
            .descriptionKey("mixinStandardHelpOptions.version")
            .description("Print version information and exit.")
            .build());
  }

  /**
   * An option of {@code type} bound to the field {@code set} writes, which holds {@code initial}.
   */
  static <V> OptionSpec.Builder option(String name, Class<V> type, V initial, Consumer<V> set) {
    Binding<V> b = new Binding<>(initial, set);
    return OptionSpec.builder(name)
        .type(type)
        .initialValue(initial)
        .hasInitialValue(true)
        .getter(b)
        .setter(b);
  }

  /** A repeatable option of {@code element}s bound to the list field {@code set} writes. */
  static <E> OptionSpec.Builder list(
      String name, Class<E> element, List<E> initial, Consumer<List<E>> set) {
    Binding<List<E>> b = new Binding<>(initial, set);
    return OptionSpec.builder(name)
        .type(List.class)
        .auxiliaryTypes(element)
        .initialValue(initial)
        .hasInitialValue(true)
        .getter(b)
        .setter(b);
  }

  /** A positional parameter of {@code type} bound like {@link #option}. */
  static <V> PositionalParamSpec.Builder positional(
      String index, Class<V> type, V initial, Consumer<V> set) {
    Binding<V> b = new Binding<>(initial, set);
    return PositionalParamSpec.builder()
        .index(index)
        .type(type)
        .initialValue(initial)
        .hasInitialValue(true)
        .getter(b)
        .setter(b);
  }

  /** A field as picocli's getter and setter: the value it last set, and the field's setter. */
  private static final class Binding<V> implements IGetter, ISetter {
    private @Nullable V value;
    private final Consumer<V> set;

    Binding(@Nullable V initial, Consumer<V> set) {
      this.value = initial;
      this.set = set;
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T get() {
      return (T) value;
    }

    @Override
    @SuppressWarnings({"unchecked", "TypeParameterUnusedInFormals"})
    public <T> T set(T value) {
      T old = get();
      set.accept((V) value);
      this.value = (V) value;
      return old;
    }
  }
}
