package io.github.aicpulaunch.domain.elf;

import static io.github.aicpulaunch.domain.testing.Overlay.filler;
import static io.github.aicpulaunch.domain.testing.Overlay.overlaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoFileTest {
  @TempDir Path dir;

  @Test
  void readsTheSameElfAsTheBytesInABuffer() throws Exception {
    byte[] image =
        new ElfImageBuilder()
            .buildId(ElfImageBuilder.sequence(0x10, 20))
            .function("simpler_aicpu_exec")
            .gnuHash()
            .build()
            .bytes();
    Path file = Files.write(dir.resolve("lib.so"), image);
    try (SoFile so = SoFile.open(file)) {
      assertThat(so.size()).isEqualTo(image.length);
      assertThat(so.readElf()).isEqualTo(ElfReader.read(ByteBuffer.wrap(image)));
      assertThat(so.buildIdWord()).isEqualTo(BuildIdNotes.leadingWord(ByteBuffer.wrap(image)));
    }
  }

  @Test
  void readAllAndFoldSeeEveryByteInOrderAcrossChunks() throws Exception {
    byte[] bytes = new byte[2 * SoFile.CHUNK + 12345];
    new Random(7).nextBytes(bytes);
    Path file = Files.write(dir.resolve("big.bin"), bytes);
    try (SoFile so = SoFile.open(file)) {
      ByteBuffer all = so.readAll();
      assertThat(all.position()).isZero();
      byte[] copy = new byte[all.remaining()];
      all.get(copy);
      assertThat(copy).isEqualTo(bytes);

      // A positional sum of every byte: wrong order, a skipped or a repeated chunk changes it.
      long folded =
          so.fold(
              0,
              (state, chunk) -> {
                long s = state;
                for (int i = chunk.position(); i < chunk.limit(); i++) {
                  s = s * 31 + chunk.get(i);
                }
                return s;
              });
      long expected = 0;
      for (byte b : bytes) {
        expected = expected * 31 + b;
      }
      assertThat(folded).isEqualTo(expected);
    }
  }

  @Test
  void aFileTruncatedWhileItIsReadIsRefusedNamingIt() throws Exception {
    Path file = Files.write(dir.resolve("shrinks.so"), new byte[3 * SoFile.CHUNK]);
    try (SoFile so = SoFile.open(file)) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(SoFile.CHUNK + 10);
      }
      assertThatThrownBy(() -> so.fold(0, (state, chunk) -> state))
          .isInstanceOfSatisfying(SoFileException.class, e -> assertThat(e.path()).isEqualTo(file))
          .hasMessageContaining(file.toString())
          .hasMessageContaining("changed while it was being opened")
          .satisfies(e -> assertThat(((InvalidRequestException) e).hint()).contains("open again"));
    }
  }

  @Test
  void copyToPutsEveryByteAtTheOffsetAndChangesNothingElseOfTheTarget() throws Exception {
    byte[] bytes = new byte[2 * SoFile.CHUNK + 12345];
    new Random(11).nextBytes(bytes);
    Path file = Files.write(dir.resolve("big.so"), bytes);
    byte[] around = filler(bytes.length + 9000);
    Path target = Files.write(dir.resolve("device.mem"), around);

    try (SoFile so = SoFile.open(file)) {
      so.copyTo(target, 4097);
    }

    assertThat(Files.readAllBytes(target)).isEqualTo(overlaid(around, bytes, 4097));
  }

  @Test
  void copyToOfAFileTruncatedSinceItWasOpenedIsRefusedNamingIt() throws Exception {
    Path file = Files.write(dir.resolve("shrinks.so"), new byte[3 * SoFile.CHUNK]);
    Path target = Files.write(dir.resolve("device.mem"), new byte[4 * SoFile.CHUNK]);
    try (SoFile so = SoFile.open(file)) {
      try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
        raf.setLength(SoFile.CHUNK + 10);
      }
      assertThatThrownBy(() -> so.copyTo(target, 0))
          .isInstanceOfSatisfying(SoFileException.class, e -> assertThat(e.path()).isEqualTo(file))
          .hasMessageContaining("changed while it was being opened")
          .hasMessageContaining("it ended at byte " + (SoFile.CHUNK + 10));
    }
  }

  @Test
  void copyToOfAFileThatGrewSinceItWasOpenedCopiesTheSizeItHadThen() throws Exception {
    byte[] bytes = new byte[SoFile.CHUNK + 77];
    new Random(13).nextBytes(bytes);
    Path file = Files.write(dir.resolve("grows.so"), bytes);
    byte[] around = filler(bytes.length + 4096);
    Path target = Files.write(dir.resolve("device.mem"), around);
    try (SoFile so = SoFile.open(file)) {
      Files.write(file, new byte[8192], StandardOpenOption.APPEND);
      so.copyTo(target, 100);
    }
    // Nothing past the bytes it had when opened lands in the target.
    assertThat(Files.readAllBytes(target)).isEqualTo(overlaid(around, bytes, 100));
  }

  @Test
  void copyToAMissingTargetNamesIt() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), new byte[100]);
    Path target = dir.resolve("gone").resolve("device.mem");
    try (SoFile so = SoFile.open(file)) {
      assertThatThrownBy(() -> so.copyTo(target, 0))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageContaining(target.toString());
    }
  }

  @Test
  void missingDirectoryAndClosedAreClearErrors() throws Exception {
    assertThatThrownBy(() -> SoFile.open(dir.resolve("none.so")))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> SoFile.open(dir))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("not a regular file");
    SoFile so = SoFile.open(Files.write(dir.resolve("x.so"), new byte[] {1}));
    so.close();
    so.close();
    assertThatThrownBy(so::readElf).isInstanceOf(IllegalStateException.class);
  }
}
