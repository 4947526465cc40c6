package io.github.aicpulaunch.domain.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint.Source;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PreinstallNamingTest {
  private static final Fingerprint FP = new Fingerprint(0x17c206da09cc6435L, Source.BUILD_ID);

  @Test
  void defaultBasenameIsUpstreams() {
    // PROTOCOL §3.2: simpler_inner_%016lx_%d.so
    assertThat(PreinstallNaming.DEFAULT.basename(FP, 0))
        .isEqualTo("simpler_inner_17c206da09cc6435_0.so");
    assertThat(PreinstallNaming.DEFAULT.basename(new Fingerprint(0xabL, Source.FNV1A_64), 9))
        .isEqualTo("simpler_inner_00000000000000ab_9.so");
    assertThat(PreinstallNaming.DEFAULT.prefix()).isEqualTo("simpler_inner_");
  }

  @Test
  @org.junit.jupiter.api.DisplayName("F3: the device id is part of the basename")
  void devicesGetDistinctNames() {
    assertThat(PreinstallNaming.DEFAULT.basename(FP, 8))
        .isNotEqualTo(PreinstallNaming.DEFAULT.basename(FP, 9));
    assertThat(PreinstallNaming.DEFAULT.basename(FP, Integer.MAX_VALUE))
        .isEqualTo("simpler_inner_17c206da09cc6435_2147483647.so");
  }

  @Test
  void negativeDeviceIsRefused() {
    assertThatThrownBy(() -> PreinstallNaming.DEFAULT.basename(FP, -1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("-1");
  }

  @Test
  void theLongestBasenameFitsCannsSoNameLimit() {
    assertThat(PreinstallNaming.DEFAULT.basename(FP, Integer.MAX_VALUE))
        .hasSizeLessThanOrEqualTo(SoNames.MAX_SO_NAME);
  }

  @Test
  void theCDispatcherWritesTheSamePrefix() throws IOException {
    // The prefix is not an option: the C dispatcher hard-codes it when it publishes the SO.
    Path publish =
        Path.of(System.getProperty("aicpu.testdata"))
            .resolveSibling("dispatcher-c/src/main/c/dispatcher/publish.c");
    assertThat(Files.readString(publish))
        .contains("\"" + PreinstallNaming.PREFIX + "%016\" PRIx64 \"_%\" PRIu64 \".so\"")
        .contains("#define TMP_PREFIX \"." + PreinstallNaming.PREFIX + "\"");
  }

  @Test
  @org.junit.jupiter.api.DisplayName("F6: opType is <entry>_<fp>")
  void opType() {
    assertThat(PreinstallNaming.DEFAULT.opType("simpler_aicpu_exec", FP))
        .isEqualTo("simpler_aicpu_exec_17c206da09cc6435");
    assertThatThrownBy(() -> PreinstallNaming.DEFAULT.opType("exec-1", FP))
        .isInstanceOf(InvalidRequestException.class);
  }
}
