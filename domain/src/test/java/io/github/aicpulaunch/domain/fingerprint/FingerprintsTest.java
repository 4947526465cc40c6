package io.github.aicpulaunch.domain.fingerprint;

import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.elf.ElfFormatException;
import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import io.github.aicpulaunch.domain.elf.ElfReader;
import io.github.aicpulaunch.domain.elf.SoFileException;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint.Source;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FingerprintsTest {
  private static final long FIRST_EIGHT_LE = 0x1716151413121110L;

  private static byte[] withBuildId() {
    return new ElfImageBuilder()
        .note(1, "GNU\0".getBytes(StandardCharsets.US_ASCII), new byte[16])
        .buildId(sequence(0x10, 20))
        .function("simpler_aicpu_exec")
        .build()
        .bytes();
  }

  private static byte[] mutated(byte[] image, Consumer<ByteBuffer> change) {
    byte[] copy = image.clone();
    change.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
    return copy;
  }

  private static void assertFnvOfWholeBuffer(byte[] image) {
    Fingerprint fp = Fingerprints.of(image);
    assertThat(fp.source()).isEqualTo(Source.FNV1A_64);
    assertThat(fp.value()).isEqualTo(Fnv1a64.hash(image));
  }

  @Test
  void buildIdFirstEightBytesLittleEndian() {
    Fingerprint fp = Fingerprints.of(withBuildId());
    assertThat(fp).isEqualTo(new Fingerprint(FIRST_EIGHT_LE, Source.BUILD_ID));
    assertThat(fp.hex()).isEqualTo("1716151413121110");
    assertThat(fp).hasToString("1716151413121110");
  }

  @Test
  void hexIsSixteenLowerCaseZeroPaddedDigits() {
    assertThat(new Fingerprint(1, Source.FNV1A_64).hex()).isEqualTo("0000000000000001");
    assertThat(new Fingerprint(-1, Source.FNV1A_64).hex()).isEqualTo("ffffffffffffffff");
    assertThat(new Fingerprint(0xABCDEFL << 40, Source.BUILD_ID).hex())
        .isEqualTo("abcdef0000000000");
    java.util.SplittableRandom random = new java.util.SplittableRandom(18);
    for (int i = 0; i < 1_000; i++) {
      long v = random.nextLong() >>> random.nextInt(64);
      assertThat(Fingerprint.hex(v)).isEqualTo(String.format("%016x", v));
    }
    assertThat(Fingerprint.hex(0)).isEqualTo("0000000000000000");
    assertThat(Fingerprint.hex(Long.MIN_VALUE)).isEqualTo("8000000000000000");
  }

  @Test
  void differentBuildIdsDifferentFingerprints() {
    byte[] a = new ElfImageBuilder().buildId(sequence(0x10, 20)).build().bytes();
    byte[] b = new ElfImageBuilder().buildId(sequence(0x11, 20)).build().bytes();
    assertThat(Fingerprints.of(a)).isNotEqualTo(Fingerprints.of(b));
  }

  @Test
  @DisplayName("F5: same first 64 bytes and length, different later bytes → different fingerprints")
  void oldSchemeCollisionIsGone() {
    byte[] a = new ElfImageBuilder().function("simpler_aicpu_exec").build().bytes();
    byte[] b = a.clone();
    b[b.length - 20] ^= 1;
    // The premise: upstream's first scheme (FNV-1a of the first 64 bytes, XOR the length)
    // cannot tell these apart.
    assertThat(Fnv1a64.hash(Arrays.copyOf(a, 64)) ^ a.length)
        .isEqualTo(Fnv1a64.hash(Arrays.copyOf(b, 64)) ^ b.length);

    assertThat(Fingerprints.of(a)).isNotEqualTo(Fingerprints.of(b));
    assertThat(Fingerprints.of(a).source()).isEqualTo(Source.FNV1A_64);
  }

  @Test
  void fallbackConditionsOfProtocolStepOneHashTheWholeBuffer() {
    byte[] good = withBuildId();
    for (int length = 0; length < 64; length++) {
      assertFnvOfWholeBuffer(Arrays.copyOf(good, length));
    }
    assertFnvOfWholeBuffer(mutated(good, b -> b.put(0, (byte) 0x7e))); // magic
    assertFnvOfWholeBuffer(mutated(good, b -> b.put(4, (byte) 1))); // ELFCLASS32
    assertFnvOfWholeBuffer(mutated(good, b -> b.putLong(32, 0))); // e_phoff 0
    assertFnvOfWholeBuffer(mutated(good, b -> b.putShort(54, (short) 55))); // e_phentsize
    assertFnvOfWholeBuffer(mutated(good, b -> b.putLong(32, good.length))); // phdrs past end
    assertFnvOfWholeBuffer(mutated(good, b -> b.putLong(32, -8))); // e_phoff wraps
    assertFnvOfWholeBuffer(mutated(good, b -> b.putShort(56, (short) 0xFFFF))); // e_phnum huge
    assertFnvOfWholeBuffer(mutated(good, b -> b.putShort(56, (short) 0))); // no phdrs
  }

  @Test
  void noQualifyingNoteHashesTheWholeBuffer() {
    assertFnvOfWholeBuffer(new ElfImageBuilder().function("f").build().bytes()); // no notes
    assertFnvOfWholeBuffer(
        new ElfImageBuilder()
            .note(3, "GNX\0".getBytes(StandardCharsets.US_ASCII), sequence(0x10, 20))
            .build()
            .bytes());
    assertFnvOfWholeBuffer(new ElfImageBuilder().buildId(sequence(0x10, 7)).build().bytes());
    assertFnvOfWholeBuffer(
        new ElfImageBuilder()
            .note(3, "GNU".getBytes(StandardCharsets.US_ASCII), sequence(0x10, 20))
            .build()
            .bytes()); // namesz 3: the NUL is part of the name
    assertFnvOfWholeBuffer(
        new ElfImageBuilder()
            .note(4, "GNU\0".getBytes(StandardCharsets.US_ASCII), sequence(0x10, 20))
            .build()
            .bytes()); // NT_GNU_HASH-type note, not a Build-ID
  }

  @Test
  void noteSizesOverflowingTheSegmentStopTheWalk() {
    ElfImageBuilder.Built built =
        new ElfImageBuilder()
            .note(1, "GNU\0".getBytes(StandardCharsets.US_ASCII), new byte[16])
            .buildId(sequence(0x10, 20))
            .build();
    int first = built.noteOffset();
    assertFnvOfWholeBuffer(mutated(built.bytes(), b -> b.putInt(first, 100))); // namesz
    assertFnvOfWholeBuffer(mutated(built.bytes(), b -> b.putInt(first + 4, 0x7FFF_FFFF))); // descsz
    assertFnvOfWholeBuffer(mutated(built.bytes(), b -> b.putLong(built.notePhdr() + 32, 20)));
  }

  @Test
  void notePaddingWrapsIn32BitsAsOnTheDevice() {
    // namesz 0xFFFFFFFF pads to 0 in the device's uint32 arithmetic: the walk steps over a bare
    // 12-byte header and finds the Build-ID right behind it.
    ElfImageBuilder.Built built =
        new ElfImageBuilder().note(1, new byte[0], new byte[0]).buildId(sequence(0x10, 20)).build();
    byte[] image = mutated(built.bytes(), b -> b.putInt(built.noteOffset(), 0xFFFF_FFFF));

    assertThat(Fingerprints.of(image)).isEqualTo(new Fingerprint(FIRST_EIGHT_LE, Source.BUILD_ID));
    assertThatThrownBy(() -> ElfReader.read(ByteBuffer.wrap(image)))
        .isInstanceOf(ElfFormatException.class);
  }

  @Test
  void noteSegmentOutsideTheBufferIsSkippedNotFatal() {
    ElfImageBuilder.Built built = new ElfImageBuilder().buildId(sequence(0x10, 20)).build();
    // Turn the PT_LOAD header in front of the note's into a PT_NOTE far past the end.
    byte[] image =
        mutated(
            built.bytes(),
            b -> b.putInt(ElfImageBuilder.PHOFF, 4).putLong(ElfImageBuilder.PHOFF + 8, 1L << 40));
    assertThat(Fingerprints.of(image).source()).isEqualTo(Source.BUILD_ID);
    assertThatThrownBy(() -> ElfReader.read(ByteBuffer.wrap(image)))
        .isInstanceOf(ElfFormatException.class);
  }

  @Test
  void programHeadersAreSteppedByEPhentsizeAsOnTheDevice() {
    // Copy the table to the end of the image with 64-byte entries: the device accepts any
    // e_phentsize >= 56 and steps by it; the strict reader wants exactly 56.
    ElfImageBuilder.Built built = new ElfImageBuilder().buildId(sequence(0x10, 20)).build();
    byte[] original = built.bytes();
    int phnum = 2;
    byte[] image = Arrays.copyOf(original, original.length + phnum * 64);
    for (int i = 0; i < phnum; i++) {
      System.arraycopy(
          original, ElfImageBuilder.PHOFF + i * 56, image, original.length + i * 64, 56);
    }
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(32, original.length).putShort(54, (short) 64);

    assertThat(Fingerprints.of(image)).isEqualTo(new Fingerprint(FIRST_EIGHT_LE, Source.BUILD_ID));
    assertThatThrownBy(() -> ElfReader.read(ByteBuffer.wrap(image)))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining("e_phentsize is 64");
  }

  @Test
  void dataEncodingAndMachineAreNotLookedAt() {
    byte[] image = mutated(withBuildId(), b -> b.put(5, (byte) 2).putShort(18, (short) 999));
    assertThat(Fingerprints.of(image).source()).isEqualTo(Source.BUILD_ID);
  }

  @Test
  void randomCorruptionNeverEscapesAsAnythingButTheTypedError() {
    byte[] good = withBuildId();
    Random random = new Random(7);
    long[] extremes = {0, 1, 0xFF, 0xFFFF, 0xFFFF_FFFFL, Long.MAX_VALUE, -1, 64, 56, 12};
    for (int round = 0; round < 5000; round++) {
      byte[] image = good.clone();
      ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
      for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
        int at = random.nextInt(image.length - 8);
        switch (random.nextInt(3)) {
          case 0 -> image[at] = (byte) random.nextInt();
          case 1 -> b.putInt(at & ~3, (int) extremes[random.nextInt(extremes.length)]);
          default -> b.putLong(at & ~7, extremes[random.nextInt(extremes.length)]);
        }
      }
      byte[] input =
          random.nextInt(4) == 0 ? Arrays.copyOf(image, random.nextInt(image.length)) : image;
      Fingerprint fp = Fingerprints.of(input);
      if (fp.source() == Source.FNV1A_64) {
        assertThat(fp.value()).isEqualTo(Fnv1a64.hash(input));
      }
      try {
        ElfReader.read(ByteBuffer.wrap(input));
      } catch (ElfFormatException expected) {
        assertThat(expected.getMessage()).contains("offset");
      }
    }
  }

  @Test
  @DisplayName("with a Build-ID, nothing past the headers and notes is read (tail unmapped)")
  void buildIdFingerprintDoesNotTouchTheRestOfTheFile(@TempDir Path dir) throws Exception {
    Fingerprint fp = fingerprintWithTailGone(dir.resolve("with-id.so"), withBuildId());
    assertThat(fp).isEqualTo(new Fingerprint(FIRST_EIGHT_LE, Source.BUILD_ID));
  }

  @Test
  @DisplayName("control: without a Build-ID the same setup faults, so the test above can fail")
  void theTailProbeDetectsAReadOfTheTail(@TempDir Path dir) {
    byte[] noId = new ElfImageBuilder().function("f").build().bytes();
    assertThatThrownBy(() -> fingerprintWithTailGone(dir.resolve("no-id.so"), noId))
        .isInstanceOf(InternalError.class);
  }

  /**
   * Maps a 64 MiB sparse file that starts with {@code head}, then cuts the file to one page: any
   * access to the mapping beyond that page now faults (SIGBUS, which the JVM raises as an
   * InternalError) instead of reading.
   */
  private static Fingerprint fingerprintWithTailGone(Path file, byte[] head) throws Exception {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(head);
      raf.setLength(64L << 20);
      ByteBuffer mapped = raf.getChannel().map(FileChannel.MapMode.READ_ONLY, 0, raf.length());
      raf.setLength(4096);
      return Fingerprints.of(mapped);
    }
  }

  @Test
  void ofFileOnASparseGigabyteWithBuildIdInItsHead(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("big.so");
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.write(withBuildId());
      raf.setLength(1L << 30);
    }
    assertThat(Fingerprints.ofFile(file))
        .isEqualTo(new Fingerprint(FIRST_EIGHT_LE, Source.BUILD_ID));
  }

  @Test
  void ofFileWithoutBuildIdHashesEveryByte(@TempDir Path dir) throws Exception {
    byte[] bytes = new ElfImageBuilder().function("f").build().bytes();
    Path file = Files.write(dir.resolve("no-id.so"), bytes);
    assertThat(Fingerprints.ofFile(file))
        .isEqualTo(new Fingerprint(Fnv1a64.hash(bytes), Source.FNV1A_64));
    Path empty = Files.write(dir.resolve("empty.so"), new byte[0]);
    assertThat(Fingerprints.ofFile(empty).hex()).isEqualTo("cbf29ce484222325");
  }

  @Test
  void ofFileWithoutBuildIdHashesEveryChunkOfALargeFile(@TempDir Path dir) throws Exception {
    // Larger than the read chunk and not a multiple of it or of 8, so every chunk edge and the
    // byte-wise tail are crossed.
    byte[] bytes = new byte[(3 << 18) + 4093];
    new java.util.Random(11).nextBytes(bytes);
    Path file = Files.write(dir.resolve("no-id-large.so"), bytes);
    long expected = 0xcbf29ce484222325L;
    for (byte b : bytes) {
      expected = (expected ^ (b & 0xff)) * 0x100000001b3L;
    }
    assertThat(Fingerprints.ofFile(file)).isEqualTo(new Fingerprint(expected, Source.FNV1A_64));
  }

  @Test
  void ofFileOnAMissingFileNamesIt(@TempDir Path dir) {
    Path missing = dir.resolve("nope.so");
    assertThatThrownBy(() -> Fingerprints.ofFile(missing))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining(missing.toString());
  }

  @Test
  void readsFromThePositionWithoutMovingIt() {
    byte[] image = withBuildId();
    ByteBuffer buffer = ByteBuffer.allocate(image.length + 5).position(5);
    buffer.put(image).position(5);
    assertThat(Fingerprints.of(buffer).source()).isEqualTo(Source.BUILD_ID);
    assertThat(buffer.position()).isEqualTo(5);
  }
}
