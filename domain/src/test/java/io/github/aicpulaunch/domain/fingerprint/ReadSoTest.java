package io.github.aicpulaunch.domain.fingerprint;

import static io.github.aicpulaunch.domain.testing.Overlay.filler;
import static io.github.aicpulaunch.domain.testing.Overlay.overlaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import io.github.aicpulaunch.domain.elf.SoFileException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.ByteArrayOutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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

  /**
   * Every byte {@link ReadSo#stream} hands over, checking the chunks are read-only and in order.
   */
  private static byte[] streamed(ReadSo read, List<Integer> chunkSizes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    read.stream(
        (chunk, offset) -> {
          assertThat(chunk.isReadOnly()).isTrue();
          assertThat(offset).as("offset of the next chunk").isEqualTo(out.size());
          chunkSizes.add(chunk.remaining());
          byte[] b = new byte[chunk.remaining()];
          chunk.duplicate().get(b);
          out.write(b, 0, b.length);
        });
    return out.toByteArray();
  }

  private static byte[] streamed(ReadSo read) {
    return streamed(read, new ArrayList<>());
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

    assertThat(streamed(read)).isEqualTo(bytes);
  }

  @Test
  void streamsALargeFileInOrderThroughChunksOf256KiB() throws Exception {
    // The runtime SO with 3 MiB + 5 bytes of a pattern appended: every chunk must carry its bytes.
    byte[] head = so(0x10);
    byte[] bytes = Arrays.copyOf(head, head.length + (3 << 20) + 5);
    for (int i = head.length; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31 + 7);
    }
    Path file = Files.write(dir.resolve("big.so"), bytes);
    ReadSo read = ReadSo.of(file);
    List<Integer> sizes = new ArrayList<>();
    assertThat(streamed(read, sizes)).isEqualTo(bytes);
    assertThat(sizes.subList(0, sizes.size() - 1)).allMatch(n -> n == 256 * 1024);
    assertThat(sizes).hasSize((bytes.length + (256 * 1024) - 1) / (256 * 1024));
    // Without a Build-ID the fingerprint is FNV-1a over the streamed bytes: the same file passes.
    byte[] plain = new ElfImageBuilder().function("simpler_aicpu_exec").build().bytes();
    byte[] big = Arrays.copyOf(plain, plain.length + (1 << 20));
    Arrays.fill(big, plain.length, big.length, (byte) 0x5a);
    ReadSo unnamed = ReadSo.of(Files.write(dir.resolve("plain.so"), big));
    assertThat(unnamed.fingerprint().source()).isEqualTo(Fingerprint.Source.FNV1A_64);
    assertThat(streamed(unnamed)).isEqualTo(big);
  }

  @Test
  void aRebuildWithTheSameSizeBetweenReadAndUploadIsRefused() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSo read = ReadSo.of(file);
    byte[] rebuilt = so(0x30);
    assertThat(rebuilt).hasSameSizeAs(so(0x10));
    rewriteInPlace(file, rebuilt);

    assertThatThrownBy(() -> streamed(read))
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
    assertThatThrownBy(() -> streamed(read))
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
    assertThatThrownBy(() -> streamed(read))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("its fingerprint was " + read.fingerprint().hex());
  }

  @Test
  void copyToPutsTheBytesIntoAnotherFileAtTheOffsetLeavingTheRest() throws Exception {
    byte[] head = so(0x10);
    byte[] bytes = Arrays.copyOf(head, head.length + (1 << 20) + 3);
    for (int i = head.length; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 17 + 1);
    }
    ReadSo read = ReadSo.of(Files.write(dir.resolve("lib.so"), bytes));
    byte[] before = filler(bytes.length + 8192);
    Path target = Files.write(dir.resolve("device.mem"), before);

    read.copyTo(target, 4096);

    assertThat(Files.readAllBytes(target)).isEqualTo(overlaid(before, bytes, 4096));
  }

  @Test
  void copyToOfARebuildWithTheSameSizeIsRefusedAsStreamIs() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSo read = ReadSo.of(file);
    rewriteInPlace(file, so(0x30));
    Path target = Files.write(dir.resolve("device.mem"), filler(8192));

    // The bytes went into the target (the caller frees what it filled); the call still fails.
    assertThatThrownBy(() -> read.copyTo(target, 0))
        .isInstanceOfSatisfying(SoFileException.class, e -> assertThat(e.path()).isEqualTo(file))
        .hasMessageContaining("changed while it was being opened")
        .hasMessageContaining("1716151413121110");
  }

  @Test
  void copyToOfARebuildWithAnotherSizeIsRefusedBeforeAnyByteIsWritten() throws Exception {
    Path file = Files.write(dir.resolve("lib.so"), so(0x10));
    ReadSo read = ReadSo.of(file);
    rewriteInPlace(file, Arrays.copyOf(so(0x10), so(0x10).length + 1));
    byte[] before = filler(8192);
    Path target = Files.write(dir.resolve("device.mem"), before);

    assertThatThrownBy(() -> read.copyTo(target, 0))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("bytes and now has");
    assertThat(Files.readAllBytes(target)).isEqualTo(before);
  }

  @Test
  void withoutBuildIdCopyToIsRefusedSinceTheHashMustSeeTheBytes() throws Exception {
    byte[] bytes = new ElfImageBuilder().function("simpler_aicpu_exec").build().bytes();
    ReadSo read = ReadSo.of(Files.write(dir.resolve("lib.so"), bytes));
    Path target = Files.write(dir.resolve("device.mem"), filler(bytes.length));

    assertThat(read.hashed()).isTrue();
    assertThatThrownBy(() -> read.copyTo(target, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no Build-ID");
  }
}
