package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One process serves one CANN installation: the per-launch calls are bound to the first one loaded
 * (JNA binds direct natives once per JVM), loading it again is fine, and a second installation is
 * unavailable with that cause instead of silently calling into the first.
 */
class SecondInstallationTest {
  @TempDir Path tmp;

  @Test
  void aSecondInstallationIsUnavailableWithTheFirstNamed() throws IOException {
    Standin first = Standin.variant("full");
    assertThat(first.freshAdapter().isAvailable()).isTrue();
    assertThat(first.freshAdapter().isAvailable()).as("the same installation again").isTrue();

    Path copy = tmp.resolve("other-install");
    for (String file : List.of("lib64/libruntime.so", "lib64/libascendcl.so")) {
      Files.createDirectories(copy.resolve(file).getParent());
      Files.copy(first.home.resolve(file), copy.resolve(file));
    }
    CannAdapter second = CannAdapter.load(CannOptions.explicitOnly().withAscendHome(copy));

    assertThat(second.isAvailable()).isFalse();
    assertThat(second.unavailabilityCause())
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .contains("this process already uses the CANN libraries")
                    .contains(first.home.resolve("lib64/libruntime.so").toString())
                    .contains(copy.resolve("lib64/libruntime.so").toString())
                    .contains("one process serves one CANN installation"));
  }
}
