package io.github.aicpulaunch.domain.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** F9, an entry the SO does not export: the refusal says what it does export and names a typo. */
class RuntimeSoValidatorTest {
  private static final Path SO = Path.of("/work/libsaxpy.so");

  private static ElfInfo x86(List<String> functions) {
    return new ElfInfo(
        2, 1, ElfInfo.ET_DYN, 62, ElfInfo.machineName(62), Optional.empty(), functions);
  }

  private static InvalidRequestException refusal(List<String> exported, String... required) {
    try {
      new RuntimeSoValidator()
          .validate(SO, x86(exported), 4096, DeviceArch.X86_64, List.of(required));
    } catch (InvalidRequestException e) {
      return e;
    }
    throw new AssertionError("accepted");
  }

  @Test
  @DisplayName("F9: a typo in an entry's name is refused with the exports and the name meant")
  void aTypoNamesTheEntryMeant() {
    InvalidRequestException e =
        refusal(List.of("simpler_aicpu_exec", "simpler_aicpu_init"), "simpler_aicpu_exex");

    assertThat(e)
        .hasMessageStartingWith(
            "/work/libsaxpy.so does not export simpler_aicpu_exex as a function (F9); it exports"
                + " simpler_aicpu_exec, simpler_aicpu_init. Hint: Did you mean");
    assertThat(e.hint())
        .startsWith(
            "Did you mean simpler_aicpu_exec? Name an entry as the SO exports it (--entry, the"
                + " entries you declare).")
        .contains("visibility(\"default\")");
  }

  @Test
  void aNameFarFromEveryExportGetsTheVisibilityHintOnly() {
    InvalidRequestException e = refusal(List.of("helper"), "simpler_aicpu_init");

    assertThat(e).hasMessageContaining("(F9); it exports helper. Hint: Export the entries");
    assertThat(e.hint()).startsWith("Export the entries with default visibility");
  }

  @Test
  void manyExportsAreCutToTenAndNoneIsSaid() {
    List<String> many = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      many.add("f" + i);
    }
    assertThat(refusal(many, "simpler_aicpu_exec"))
        .hasMessageContaining(
            "it exports 12 functions, the first 10: f0, f1, f2, f3, f4, f5, f6, f7, f8, f9. Hint:");
    assertThat(refusal(List.of(), "simpler_aicpu_exec"))
        .hasMessageContaining("(F9); it exports no function. Hint:");
  }

  @Test
  void editDistanceCountsInsertionsDeletionsAndReplacementsUpToTheLimit() {
    assertThat(RuntimeSoValidator.editDistance("kitten", "sitting", 5)).isEqualTo(3);
    assertThat(RuntimeSoValidator.editDistance("exec", "exex", 2)).isEqualTo(1);
    assertThat(RuntimeSoValidator.editDistance("init", "int", 2)).isEqualTo(1);
    assertThat(RuntimeSoValidator.editDistance("same", "same", 2)).isZero();
    assertThat(RuntimeSoValidator.editDistance("kitten", "sitting", 2)).isEqualTo(3);
    assertThat(RuntimeSoValidator.editDistance("a", "abcdef", 2)).isEqualTo(3);
  }

  @Test
  void anSoExportingEveryEntryPasses() {
    new RuntimeSoValidator()
        .validate(
            SO,
            x86(List.of("simpler_aicpu_exec", "simpler_aicpu_init")),
            4096,
            DeviceArch.X86_64,
            List.of("simpler_aicpu_exec"));
    assertThatThrownBy(() -> refusal(List.of("simpler_aicpu_exec"), "simpler_aicpu_exec"))
        .isInstanceOf(AssertionError.class)
        .hasMessage("accepted");
  }
}
