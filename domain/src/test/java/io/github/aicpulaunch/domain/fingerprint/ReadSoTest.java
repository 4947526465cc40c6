package io.github.aicpulaunch.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import io.github.aicpulaunch.domain.elf.SoFileException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadSoTest {
  @TempDir Path dir;

  private static byte[] so(int firstIdByte) {
    return ElfImageBuilder.runtimeWithBuildId(firstIdByte);
  }

  /** Rewrites the file in place (same inode), as {@code cp} over an existing file does. */
  private static void rewriteInPlace(Path file, byte[] bytes) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.setLength(0);
      raf.write(bytes);
    }
  }

  private static byte[] remaining(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }

  @Test
  void readsHeadersAndFingerprintAndTheWholeImageOnlyOnDemand() throws Exception {
    byte[] bytes = so(0x10);
    Path file = Files.write(dir.resolve("lib.so"), bytes);
    ReadSo read = ReadSo.of(file);
    assertThat(read.size()).isEqualTo(bytes.length);
    assertThat(read.elf().exports("simpler_aicpu_exec")).isTrue();
    // PROTOCOL §5 step 3: descriptor bytes 10 11 .. 17 read little-endian.
    assertThat(read.fingerprint().hex()).isEqualTo("1716151413121110");

    ByteBuffer image = read.readImage();
    assertThat(image.isReadOnly()).isTrue();
    assertThat(remaining(image)).isEqualTo(bytes);
  }

  @Test
  void aRebuildWithTheSameSizeBetweenReadAndUploadIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSo read = ReadSo.of(file);
    byte[] rebuilt = so(0x30);
    assertThat(rebuilt).hasSameSizeAs(so(0x10));
    rewriteInPlace(file, rebuilt);

    assertThatThrownBy(read::readImage)
        .isInstanceOfSatisfying(SoFileException.class, e -> assertThat(e.path()).isEqualTo(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining("changed while it was being opened")
        .hasMessageContaining("1716151413121110")
        .satisfies(e -> assertThat(((InvalidRequestException) e).hint()).contains("open again"));
    // Read again, the rebuilt file is the one that counts.
    assertThat(ReadSo.of(file).fingerprint().hex()).isEqualTo("3736353433323130");
  }

  @Test
  void aRebuildWithAnotherSizeIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSo read = ReadSo.of(file);
    rewriteInPlace(
        file,
        new ElfImageBuilder()
            .buildId(ElfImageBuilder.sequence(0x10, 20))
            .function("simpler_aicpu_exec")
            .function("another")
            .build()
            .bytes());
    assertThatThrownBy(read::readImage)
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("changed while it was being opened")
        .hasMessageContaining("bytes and now has");
  }

  @Test
  void withoutBuildIdAChangedByteOfTheSameSizeIsRefused() throws Exception {
    byte[] bytes = new ElfImageBuilder().function("simpler_aicpu_exec").build().bytes();
    Path file = Files.write(dir.resolve("lib.so"), bytes);
    ReadSo read = ReadSo.of(file);
    assertThat(read.fingerprint().source()).isEqualTo(Fingerprint.Source.FNV1A_64);
    byte[] changed = bytes.clone();
    changed[changed.length - 1] ^= 1;
    rewriteInPlace(file, changed);
    assertThatThrownBy(read::readImage)
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("its fingerprint was " + read.fingerprint().hex());
  }
}
