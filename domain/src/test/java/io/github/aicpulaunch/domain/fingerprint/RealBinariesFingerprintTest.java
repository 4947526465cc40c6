package io.github.aicpulaunch.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.domain.elf.Readelf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The fingerprint of this machine's libraries is readelf's Build ID, first 8 bytes reversed. */
class RealBinariesFingerprintTest {
  @ParameterizedTest
  @ValueSource(strings = {"/lib/x86_64-linux-gnu/libc.so.6", "/lib/x86_64-linux-gnu/libm.so.6"})
  void matchesReadelf(String name) {
    Path so = Path.of(name);
    assumeTrue(Readelf.available(), "readelf is not installed");
    assumeTrue(Files.isRegularFile(so), name + " is not on this machine");
    Optional<String> buildId = Readelf.buildIdHex(so);
    assumeTrue(buildId.isPresent(), name + " has no Build ID");

    byte[] first8 = HexFormat.of().parseHex(buildId.get().substring(0, 16));
    StringBuilder reversed = new StringBuilder();
    for (int i = 7; i >= 0; i--) {
      reversed.append(String.format("%02x", first8[i]));
    }
    Fingerprint fp = Fingerprints.ofFile(so);
    assertThat(fp.source()).isEqualTo(Fingerprint.Source.BUILD_ID);
    assertThat(fp.hex()).isEqualTo(reversed.toString());
  }
}
