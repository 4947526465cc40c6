package io.github.aicpulaunch.domain.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoNamesTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "simpler_inner_17c206da09cc6435_0.so",
        "a",
        "libaicpu_extend_kernels.so",
        "A-Z.a_z.0-9",
        "...so",
        "a123456789b123456789c123456789d123456789e123456789f123456789g123456789h123456789i123456789j123456789"
      })
  void accepted(String name) {
    assertThat(SoNames.requireValidSoName(name)).isSameAs(name);
    assertThat(SoNames.isValidSoName(name)).isTrue();
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "''|it is empty",
        ".|it names a directory",
        "..|it names a directory",
        "a/b.so|character 1 ('/')",
        "../x.so|character 2 ('/')",
        "a b.so|character 1 (' ')",
        "a:b|character 1 (':')",
        "a*b|character 1 ('*')",
        "libü.so|character 3 ('\\u00fc')",
        "名.so|character 0 ('\\u540d')"
      })
  void refusedWithNameRuleAndWayOut(String name, String rule) {
    assertThatThrownBy(() -> SoNames.requireValidSoName(name))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.hint()).contains("letters, digits, '.', '_' and '-'"))
        .hasMessageContaining(rule)
        .hasMessageContaining("SO name \"");
    assertThat(SoNames.isValidSoName(name)).isFalse();
  }

  @org.junit.jupiter.api.Test
  void controlCharactersAreShownEscaped() {
    assertThatThrownBy(() -> SoNames.requireValidSoName("a\0b"))
        .hasMessageContaining("\"a\\u0000b\"")
        .hasMessageContaining("character 1");
    assertThatThrownBy(() -> SoNames.requireValidSoName("a\nb")).hasMessageContaining("\\u000a");
  }

  @org.junit.jupiter.api.Test
  void hundredAndOneCharactersAreTooMany() {
    String name = "x".repeat(101);
    assertThatThrownBy(() -> SoNames.requireValidSoName(name))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("101 characters, more than CANN's 100");
    assertThat(SoNames.isValidSoName("x".repeat(100))).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"simpler_aicpu_exec", "_x", "A9", "DynTileFwkBackendKernelServerInit"})
  void entryNamesThatAreCIdentifiers(String entry) {
    assertThat(SoNames.requireValidEntryName(entry)).isEqualTo(entry);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "9lives", "exec-1", "a b", "a.b", "a/b", "é"})
  void entryNamesThatAreNot(String entry) {
    assertThatThrownBy(() -> SoNames.requireValidEntryName(entry))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Kernel entry name");
    assertThatThrownBy(() -> SoNames.requireValidEntryName("x".repeat(201)))
        .hasMessageContaining("201 characters");
  }

  @org.junit.jupiter.api.Test
  void rulesAreCannsCharacterClassesForEveryName() {
    String alphabet = "aZ09._-_/ \u00e9\u0000\ud83d\ude00:";
    java.util.SplittableRandom random = new java.util.SplittableRandom(18);
    for (int i = 0; i < 5_000; i++) {
      StringBuilder b = new StringBuilder();
      for (int n = random.nextInt(6); n > 0; n--) {
        b.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String name = b.toString();
      boolean so = name.matches("[A-Za-z0-9._-]{1,100}") && !name.equals(".") && !name.equals("..");
      assertThat(SoNames.isValidSoName(name)).as(SoNames.escape(name)).isEqualTo(so);
      boolean entry = name.matches("[A-Za-z_][A-Za-z0-9_]{0,199}");
      boolean accepted;
      try {
        SoNames.requireValidEntryName(name);
        accepted = true;
      } catch (InvalidRequestException e) {
        accepted = false;
      }
      assertThat(accepted).as(SoNames.escape(name)).isEqualTo(entry);
    }
  }
}
