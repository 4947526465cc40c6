package io.github.aicpulaunch.domain.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class CardEnvironmentTest {
  @Test
  @DisplayName("glibc versions compare numerically, part by part")
  void glibcVersionsCompareNumerically() {
    CardEnvironment card = CardEnvironment.defaults().withMaxGlibc("2.28");
    assertThat(card.lacksGlibc("GLIBC_2.17")).isFalse();
    assertThat(card.lacksGlibc("GLIBC_2.3")).isFalse(); // 3 < 28, not "3" > "28"
    assertThat(card.lacksGlibc("GLIBC_2.28")).isFalse();
    assertThat(card.lacksGlibc("GLIBC_2.28.1")).isTrue();
    assertThat(card.lacksGlibc("GLIBC_2.34")).isTrue();
    assertThat(card.lacksGlibc("GLIBC_3")).isTrue();
  }

  @Test
  @DisplayName("GLIBC_PRIVATE is always lacking; other version names are not judged")
  void otherNames() {
    CardEnvironment card = CardEnvironment.defaults();
    assertThat(card.lacksGlibc("GLIBC_PRIVATE")).isTrue();
    assertThat(card.lacksGlibc("GLIBCXX_3.4.30")).isFalse();
    assertThat(card.lacksGlibc("GCC_3.0")).isFalse();
    assertThat(card.withMaxGlibc(null).lacksGlibc("GLIBC_9.99")).isFalse();
  }

  @Test
  @DisplayName("the defaults: the assumed glibc, the device symbols of docs/ABI.md")
  void defaults() {
    CardEnvironment card = CardEnvironment.defaults();
    assertThat(card.maxGlibc()).isEqualTo(CardEnvironment.DEFAULT_MAX_GLIBC);
    assertThat(card.deviceSymbols()).containsExactlyInAnyOrder("DlogRecord", "halGetDeviceInfo");
    assertThat(card.libraries()).contains("libc.so.6", "libstdc++.so.6", "ld-linux-aarch64.so.1");
    assertThatThrownBy(() -> card.withMaxGlibc("two"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'two' is not a glibc version");
  }
}
