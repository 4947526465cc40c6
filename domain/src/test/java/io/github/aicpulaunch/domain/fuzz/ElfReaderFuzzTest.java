package io.github.aicpulaunch.domain.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.aicpulaunch.domain.elf.BuildId;
import io.github.aicpulaunch.domain.elf.ElfFormatException;
import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.ElfReader;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Fuzzes the strict ELF reader with arbitrary bytes: whatever the input, {@link ElfReader#read}
 * either returns or throws {@link ElfFormatException}; an index, negative-size, arithmetic or
 * allocation error escaping it is a finding (a truncated or hostile SO must be refused with a
 * message, F1/F2). What it returns must agree with the lenient fingerprint rule on the Build-ID.
 *
 * <p>Regression inputs: {@code src/test/resources/.../fuzz/ElfReaderFuzzTestInputs/}.
 */
class ElfReaderFuzzTest {
  /** Bytes before the image, so that "offset 0 is the buffer's position" is exercised too. */
  private static final int PREFIX = 5;

  @FuzzTest
  void readThrowsOnlyElfFormatException(byte[] data) {
    ByteBuffer buffer = FuzzBuffers.atPosition(data, PREFIX, ByteOrder.BIG_ENDIAN);
    ElfInfo info;
    try {
      info = ElfReader.read(buffer);
    } catch (ElfFormatException e) {
      assertThat(e.problem()).isNotBlank();
      assertThat(e.hint()).isNotBlank();
      assertThat(buffer.position()).isEqualTo(PREFIX);
      return;
    }
    assertThat(buffer.position()).isEqualTo(PREFIX);
    assertThat(buffer.order()).isEqualTo(ByteOrder.BIG_ENDIAN);
    assertThat(info.elfClass()).isEqualTo(2);
    assertThat(info.dataEncoding()).isEqualTo(1);
    assertThat(info.exportedFunctions()).doesNotHaveDuplicates();

    // The reader's Build-ID and the fingerprint's must be the same note (PROTOCOL §5).
    Fingerprint fingerprint = Fingerprints.of(data);
    if (info.buildId().isPresent()) {
      BuildId id = info.buildId().get();
      assertThat(id.bytes()).hasSizeGreaterThanOrEqualTo(8);
      assertThat(fingerprint.source()).isEqualTo(Fingerprint.Source.BUILD_ID);
      assertThat(fingerprint.value())
          .isEqualTo(ByteBuffer.wrap(id.bytes()).order(ByteOrder.LITTLE_ENDIAN).getLong(0));
    } else {
      assertThat(fingerprint.source()).isEqualTo(Fingerprint.Source.FNV1A_64);
    }
  }
}
