package io.github.aicpulaunch.domain.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Differential fuzzing of the fingerprint (PROTOCOL §5) against {@link ReferenceFingerprint}, a
 * slow literal transcription of the protocol text. {@link Fingerprints#of} must never throw, must
 * not move the buffer, and must give the reference's value and branch for every input: a
 * disagreement means host and device would name the preinstall file differently (F5).
 *
 * <p>Regression inputs: {@code src/test/resources/.../fuzz/FingerprintFuzzTestInputs/}.
 */
class FingerprintFuzzTest {
  private static final int PREFIX = 3;

  @FuzzTest
  void agreesWithProtocolReference(byte[] data) {
    ByteBuffer buffer = FuzzBuffers.atPosition(data, PREFIX, ByteOrder.BIG_ENDIAN);
    Fingerprint actual = Fingerprints.of(buffer);
    assertThat(buffer.position()).isEqualTo(PREFIX);
    Fingerprint expected = ReferenceFingerprint.of(data);
    assertThat(actual.source()).isEqualTo(expected.source());
    assertThat(actual.hex()).isEqualTo(expected.hex());
    assertThat(actual.hex()).matches("[0-9a-f]{16}");
  }
}
