package io.github.aicpulaunch.domain.elf;

import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STB_GLOBAL;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STB_LOCAL;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STB_WEAK;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STT_FUNC;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STT_OBJECT;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STV_DEFAULT;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STV_HIDDEN;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.STV_PROTECTED;
import static io.github.aicpulaunch.domain.elf.ElfImageBuilder.sequence;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ElfReaderTest {
  private static final byte[] ID = sequence(0x10, 20);

  private static ElfImageBuilder.Built complete() {
    return new ElfImageBuilder()
        .machine(183)
        .note(1, "GNU\0".getBytes(StandardCharsets.US_ASCII), new byte[16]) // NT_GNU_ABI_TAG
        .buildId(ID)
        .function("simpler_aicpu_exec")
        .function("simpler_aicpu_init")
        .build();
  }

  @Test
  void readsHeaderBuildIdAndExports() {
    ElfInfo info = ElfReader.read(complete().buffer());

    assertThat(info.elfClass()).isEqualTo(2);
    assertThat(info.dataEncoding()).isEqualTo(1);
    assertThat(info.type()).isEqualTo(3);
    assertThat(info.isSharedObject()).isTrue();
    assertThat(info.machine()).isEqualTo(183);
    assertThat(info.machineName()).isEqualTo("AArch64");
    assertThat(info.arch()).contains(DeviceArch.AARCH64);
    assertThat(info.buildId())
        .map(BuildId::bytes)
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(ID));
    assertThat(info.buildId())
        .map(BuildId::hex)
        .contains("101112131415161718191a1b1c1d1e1f20212223");
    assertThat(info.exportedFunctions())
        .containsExactly("simpler_aicpu_exec", "simpler_aicpu_init");
    assertThat(info.exports("simpler_aicpu_init")).isTrue();
    assertThat(info.exports("simpler_aicpu_run")).isFalse();
  }

  @Test
  void namesMachines() {
    assertThat(ElfReader.read(new ElfImageBuilder().machine(62).build().buffer()).machineName())
        .isEqualTo("x86-64");
    ElfInfo other = ElfReader.read(new ElfImageBuilder().machine(40).build().buffer());
    assertThat(other.machineName()).isEqualTo("EM_40");
    assertThat(other.arch()).isEmpty();
  }

  @Test
  void executableIsNotASharedObject() {
    assertThat(ElfReader.read(new ElfImageBuilder().type(2).build().buffer()).isSharedObject())
        .isFalse();
  }

  @Test
  void exportsOnlyDefinedGlobalOrWeakVisibleFunctionsOnceEach() {
    ElfImageBuilder.Built image =
        new ElfImageBuilder()
            .symbol("global_default", STT_FUNC, STB_GLOBAL, STV_DEFAULT, 1)
            .symbol("weak_protected", STT_FUNC, STB_WEAK, STV_PROTECTED, 1)
            .symbol("hidden", STT_FUNC, STB_GLOBAL, STV_HIDDEN, 1)
            .symbol("local", STT_FUNC, STB_LOCAL, STV_DEFAULT, 1)
            .symbol("undefined", STT_FUNC, STB_GLOBAL, STV_DEFAULT, 0)
            .symbol("data", STT_OBJECT, STB_GLOBAL, STV_DEFAULT, 1)
            .symbol("global_default", STT_FUNC, STB_GLOBAL, STV_DEFAULT, 1)
            .build();

    assertThat(ElfReader.read(image.buffer()).exportedFunctions())
        .containsExactly("global_default", "weak_protected");
  }

  @Test
  void sizesTheSymbolTableFromGnuHash() {
    ElfImageBuilder.Built image =
        new ElfImageBuilder().function("a").function("b").function("c").gnuHash().build();

    assertThat(ElfReader.read(image.buffer()).exportedFunctions()).containsExactly("a", "b", "c");
  }

  @Test
  void readsFromTheBufferPositionWithoutMovingIt() {
    byte[] image = complete().bytes();
    ByteBuffer buffer = ByteBuffer.allocate(image.length + 7);
    buffer.position(7);
    buffer.put(image).position(7);

    assertThat(ElfReader.read(buffer).buildId()).isPresent();
    assertThat(buffer.position()).isEqualTo(7);
  }

  @Test
  void noNotesMeansNoBuildId() {
    assertThat(ElfReader.read(new ElfImageBuilder().function("f").build().buffer()).buildId())
        .isEmpty();
  }

  @Test
  void noProgramHeadersMeansNothingFound() {
    byte[] image = complete().bytes();
    put16(image, 56, 0);
    ElfInfo info = ElfReader.read(ByteBuffer.wrap(image));
    assertThat(info.buildId()).isEmpty();
    assertThat(info.exportedFunctions()).isEmpty();
  }

  @Test
  @DisplayName("a note not named GNU\\0 is not the Build-ID")
  void wrongNoteName() {
    ElfImageBuilder.Built image =
        new ElfImageBuilder().note(3, "GNX\0".getBytes(StandardCharsets.US_ASCII), ID).build();
    assertThat(ElfReader.read(image.buffer()).buildId()).isEmpty();
  }

  @Test
  void shortBuildIdDoesNotQualifyButTheNextOneDoes() {
    ElfImageBuilder.Built image =
        new ElfImageBuilder().buildId(sequence(0x40, 4)).buildId(sequence(0x50, 8)).build();
    assertThat(ElfReader.read(image.buffer()).buildId().orElseThrow().bytes())
        .isEqualTo(sequence(0x50, 8));
  }

  @Test
  void truncatedAtEveryLengthIsATypedErrorAtTheEnd() {
    byte[] image = complete().bytes();
    for (int length = 0; length <= 64; length++) {
      ByteBuffer prefix = ByteBuffer.wrap(Arrays.copyOf(image, length));
      if (length == 64) {
        // The header alone is complete; its program header table now lies past the end.
        assertElfError(() -> ElfReader.read(prefix), 32, "program header table");
      } else {
        assertElfError(() -> ElfReader.read(prefix), length, "inside the 64-byte ELF64 header");
      }
    }
  }

  @Test
  void truncatedInsideEveryLaterPartIsATypedError() {
    byte[] image = complete().bytes();
    for (int length = 65; length < image.length; length++) {
      ByteBuffer prefix = ByteBuffer.wrap(Arrays.copyOf(image, length));
      assertThatThrownBy(() -> ElfReader.read(prefix)).isInstanceOf(ElfFormatException.class);
    }
  }

  @Test
  void notElf() {
    byte[] text =
        "#!/bin/sh\necho not an elf binary, padded past sixty-four bytes .....\n"
            .getBytes(StandardCharsets.US_ASCII);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(text)), 0, "not an ELF image");
    byte[] almost = complete().bytes();
    almost[3] = 'G';
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(almost)), 3, "magic");
  }

  @Test
  void thirtyTwoBitClassNamesTheWayOut() {
    byte[] image = complete().bytes();
    image[4] = 1;
    ElfFormatException e =
        assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 4, "ELFCLASS32");
    assertThat(e.hint()).contains("64-bit");
    image[4] = 7;
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 4, "EI_CLASS is 7");
  }

  @Test
  void bigEndianIsRefused() {
    byte[] image = complete().bytes();
    image[5] = 2;
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 5, "big-endian");
    image[5] = 0;
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 5, "EI_DATA is 0");
  }

  @Test
  void wrongVersion() {
    byte[] image = complete().bytes();
    image[6] = 2;
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 6, "EI_VERSION");
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 10_000, Long.MAX_VALUE, -1L, -8L})
  void programHeaderTableOutsideTheImage(long phoff) {
    byte[] image = complete().bytes();
    put64(image, 32, phoff);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 32, "program header table");
  }

  @Test
  void hugeProgramHeaderCount() {
    byte[] image = complete().bytes();
    put16(image, 56, 0xFFFF);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 32, "65535 entries");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 32, 55, 57, 64, 0xFFFF})
  void wrongProgramHeaderEntrySize(int phentsize) {
    byte[] image = complete().bytes();
    put16(image, 54, phentsize);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), 54, "e_phentsize");
  }

  @ParameterizedTest
  @ValueSource(longs = {100_000, Long.MAX_VALUE, -1L})
  void noteSegmentPastTheEnd(long offset) {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    put64(image, built.notePhdr() + 8, offset);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), built.notePhdr() + 8, "PT_NOTE");
  }

  @Test
  void noteSegmentSizePastTheEnd() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    put64(image, built.notePhdr() + 32, image.length);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), built.notePhdr() + 8, "PT_NOTE");
  }

  @ParameterizedTest
  @ValueSource(longs = {100, 0x7FFF_FFFFL, 0xFFFF_FFFCL, 0xFFFF_FFFDL, 0xFFFF_FFFFL})
  void noteNameSizeOverflowingTheSegment(long namesz) {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    put32(image, built.noteOffset(), namesz);
    assertElfError(
        () -> ElfReader.read(ByteBuffer.wrap(image)), built.noteOffset(), "runs past the end");
  }

  @ParameterizedTest
  @ValueSource(longs = {36, 0x7FFF_FFFFL, 0xFFFF_FFFFL})
  void noteDescriptorSizeOverflowingTheSegment(long descsz) {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    int second = built.noteOffset() + 12 + 4 + 16; // after the 16-byte ABI-tag note
    put32(image, second + 4, descsz);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), second, "descsz " + descsz);
  }

  @Test
  void buildIdLongerThanAnyHashIsRefused() {
    ElfImageBuilder.Built built = new ElfImageBuilder().buildId(new byte[2048]).build();
    assertElfError(() -> ElfReader.read(built.buffer()), built.noteOffset() + 16, "2048 bytes");
  }

  @Test
  void dynamicSegmentPastTheEnd() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    put64(image, built.dynamicPhdr() + 32, 1L << 40);
    assertElfError(
        () -> ElfReader.read(ByteBuffer.wrap(image)), built.dynamicPhdr() + 8, "PT_DYNAMIC");
  }

  @Test
  void symbolTableAddressOutsideEveryLoadSegment() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    int symtabEntry = built.dynamicOffset() + 2 * 16;
    put64(image, symtabEntry + 8, 1L << 40);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), symtabEntry + 8, "DT_SYMTAB");
  }

  @Test
  void hugeSymbolCountFromTheHashTable() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    put32(image, built.hashOffset() + 4, 0xFFFF_FFFFL);
    assertElfError(
        () -> ElfReader.read(ByteBuffer.wrap(image)),
        built.dynamicOffset() + 2 * 16 + 8,
        "4294967295 symbols");
  }

  @Test
  void gnuHashBucketPointingPastTheChains() {
    ElfImageBuilder.Built built = new ElfImageBuilder().function("a").gnuHash().build();
    byte[] image = built.bytes();
    put32(image, built.hashOffset() + 16 + 8, 0x7FFF_FFFFL);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), -1, "runs past the end");
  }

  @Test
  void gnuHashBucketsPastTheEnd() {
    ElfImageBuilder.Built built = new ElfImageBuilder().function("a").gnuHash().build();
    byte[] image = built.bytes();
    put32(image, built.hashOffset(), 0xFFFF_FFFFL);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), built.hashOffset(), "buckets");
  }

  @Test
  void stringTablePastTheEnd() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    int strszEntry = built.dynamicOffset() + 3 * 16;
    put64(image, strszEntry + 8, -1L);
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), strszEntry + 8, "string table");
  }

  @Test
  void symbolNamePastTheStringTable() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    int symbol = built.dynsymOffset() + 24;
    put32(image, symbol, built.dynstrSize());
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), symbol, "past DT_STRSZ");
  }

  @Test
  void symbolNameWithoutNul() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    image[built.dynstrOffset() + built.dynstrSize() - 1] = 'x';
    assertElfError(() -> ElfReader.read(ByteBuffer.wrap(image)), -1, "NUL-terminated");
  }

  @Test
  void missingStringTableAndHash() {
    ElfImageBuilder.Built built = complete();
    byte[] noStrtab = built.bytes();
    put64(noStrtab, built.dynamicOffset() + 16, 0x7000_0000L); // DT_STRTAB → unknown tag
    assertElfError(
        () -> ElfReader.read(ByteBuffer.wrap(noStrtab)), built.dynamicOffset(), "DT_STRTAB");
    byte[] noHash = built.bytes();
    put64(noHash, built.dynamicOffset(), 0x7000_0000L); // DT_HASH → unknown tag
    assertElfError(
        () -> ElfReader.read(ByteBuffer.wrap(noHash)), built.dynamicOffset(), "DT_GNU_HASH");
  }

  @Test
  void wrongSymbolEntrySize() {
    ElfImageBuilder.Built built = complete();
    byte[] image = built.bytes();
    put64(image, built.dynamicOffset() + 4 * 16 + 8, 16);
    assertElfError(
        () -> ElfReader.read(ByteBuffer.wrap(image)),
        built.dynamicOffset() + 4 * 16 + 8,
        "DT_SYMENT");
  }

  @Test
  void errorsAreInvalidRequestsWithAHint() {
    ElfFormatException e =
        assertElfError(
            () -> ElfReader.read(ByteBuffer.wrap(new byte[] {0x7f, 'E', 'L'})), 3, "ELF64 header");
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.hint()).isNotBlank();
    assertThat(e.getMessage()).contains("offset 3 (0x3)").contains(e.hint());
  }

  @Test
  void readsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path good = Files.write(dir.resolve("libgood.so"), complete().bytes());
    assertThat(ElfReader.read(good).exportedFunctions()).hasSize(2);

    Path bad = Files.write(dir.resolve("libbad.so"), Arrays.copyOf(complete().bytes(), 40));
    assertThatThrownBy(() -> ElfReader.read(bad))
        .isInstanceOf(ElfFormatException.class)
        .hasMessageContaining(bad.toString())
        .hasMessageContaining("offset 40");
  }

  @Test
  void unreadableFilesAreSoFileExceptionsNamingThePath(@TempDir Path dir) {
    Path missing = dir.resolve("missing.so");
    assertThatThrownBy(() -> ElfReader.read(missing))
        .isInstanceOfSatisfying(SoFileException.class, e -> assertThat(e.path()).isEqualTo(missing))
        .hasMessageContaining(missing.toString())
        .hasMessageContaining("does not exist");
    assertThatThrownBy(() -> ElfReader.read(dir))
        .isInstanceOf(SoFileException.class)
        .hasMessageContaining("not a regular file");
  }

  @Test
  void buildIdValueSemantics() {
    BuildId id = new BuildId(ID);
    byte[] copy = id.bytes();
    copy[0] = 0;
    assertThat(id.bytes()).isEqualTo(ID);
    assertThat(id).isEqualTo(new BuildId(ID.clone())).hasSameHashCodeAs(new BuildId(ID.clone()));
    assertThat(id.leadingWord()).isEqualTo(0x1716151413121110L);
    assertThat(id.toString()).isEqualTo(HexFormat.of().formatHex(ID));
    assertThatThrownBy(() -> new BuildId(new byte[7])).isInstanceOf(IllegalArgumentException.class);
  }

  /** Asserts the typed error, its offset (unless -1) and a phrase of its message. */
  static ElfFormatException assertElfError(ThrowingCallable call, long offset, String phrase) {
    try {
      call.call();
    } catch (ElfFormatException e) {
      if (offset >= 0) {
        assertThat(e.offset()).as(e.getMessage()).isEqualTo(offset);
      }
      assertThat(e.getMessage()).contains(phrase);
      return e;
    } catch (Throwable other) {
      throw new AssertionError("expected ElfFormatException, got " + other, other);
    }
    throw new AssertionError("expected ElfFormatException, nothing was thrown");
  }

  static void put16(byte[] image, int at, int value) {
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putShort(at, (short) value);
  }

  static void put32(byte[] image, int at, long value) {
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putInt(at, (int) value);
  }

  static void put64(byte[] image, int at, long value) {
    ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).putLong(at, value);
  }
}
