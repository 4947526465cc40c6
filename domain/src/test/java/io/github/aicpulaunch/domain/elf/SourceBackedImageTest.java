package io.github.aicpulaunch.domain.elf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A file read through windows must be parsed exactly as the same bytes in one buffer: same {@link
 * ElfInfo}, same fingerprint word, and for malformed input the same {@link ElfFormatException}
 * (problem and offset). Windows of 8 and 24 bytes make nearly every field and table cross a window
 * edge and evict the others, so the corpus exercises every path of the window logic; 4096 is what
 * {@link SoFile} uses.
 */
class SourceBackedImageTest {
  private static final int[] WINDOW_SIZES = {8, 24, 100, SoFile.WINDOW};

  /** What a parse gave: its result or its error, comparable across the two kinds of image. */
  private record Outcome(String elf, OptionalLong word) {}

  private static Outcome parse(Image image, Image again) {
    String elf;
    try {
      ElfInfo info = ElfReader.read(image);
      elf = info.toString();
    } catch (ElfFormatException e) {
      elf = "error at " + e.offset() + ": " + e.problem();
    }
    return new Outcome(elf, BuildIdNotes.leadingWord(again));
  }

  private static Image sourceBacked(byte[] bytes, int window) {
    return new Image(
        bytes.length,
        (offset, dst) -> {
          assertThat(offset).isBetween(0L, (long) bytes.length - dst.remaining());
          dst.put(bytes, (int) offset, dst.remaining());
        },
        new Image.Windows(ByteBuffer.allocateDirect(Image.WINDOWS * window), window));
  }

  private static void assertSameAsBuffer(byte[] bytes, String what) {
    Outcome expected = parse(new Image(ByteBuffer.wrap(bytes)), new Image(ByteBuffer.wrap(bytes)));
    for (int window : WINDOW_SIZES) {
      assertThat(parse(sourceBacked(bytes, window), sourceBacked(bytes, window)))
          .as("%s through %d-byte windows", what, window)
          .isEqualTo(expected);
    }
  }

  @Test
  void builtImagesParseTheSameThroughWindows() {
    List<byte[]> images = new ArrayList<>();
    images.add(new ElfImageBuilder().function("a").function("b").build().bytes());
    images.add(
        new ElfImageBuilder()
            .buildId(ElfImageBuilder.sequence(0x10, 20))
            .function("simpler_aicpu_exec")
            .function("simpler_aicpu_init")
            .gnuHash()
            .build()
            .bytes());
    images.add(
        new ElfImageBuilder()
            .note(1, new byte[] {'X', 0}, new byte[] {1, 2, 3})
            .buildId(ElfImageBuilder.sequence(0x40, 1024))
            .function("f")
            .build()
            .bytes());
    for (byte[] image : images) {
      assertSameAsBuffer(image, "built image");
    }
  }

  @Test
  void mutatedImagesFailOrPassTheSameThroughWindows() {
    byte[] base =
        new ElfImageBuilder()
            .buildId(ElfImageBuilder.sequence(0x10, 20))
            .function("simpler_aicpu_exec")
            .function("other")
            .gnuHash()
            .build()
            .bytes();
    Random random = new Random(20261121);
    int failures = 0;
    for (int n = 0; n < 3000; n++) {
      byte[] mutant = base.clone();
      for (int k = 1 + random.nextInt(3); k > 0; k--) {
        mutant[random.nextInt(mutant.length)] = (byte) random.nextInt(256);
      }
      if (random.nextInt(8) == 0) {
        mutant = java.util.Arrays.copyOf(mutant, random.nextInt(mutant.length));
      }
      assertSameAsBuffer(mutant, "mutant " + n);
      try {
        ElfReader.read(ByteBuffer.wrap(mutant));
      } catch (ElfFormatException e) {
        failures++;
      }
    }
    // The corpus must reach the error paths, or it compares only successes.
    assertThat(failures).isGreaterThan(300);
  }

  @Test
  void fuzzRegressionInputsParseTheSameThroughWindows() throws IOException, URISyntaxException {
    URL root =
        Objects.requireNonNull(
            getClass().getResource("/io/github/aicpulaunch/domain/fuzz/ElfReaderFuzzTestInputs"));
    List<Path> inputs;
    try (Stream<Path> files = Files.walk(Path.of(root.toURI()))) {
      inputs = files.filter(Files::isRegularFile).toList();
    }
    assertThat(inputs).hasSizeGreaterThan(5);
    for (Path input : inputs) {
      byte[] bytes;
      try (InputStream in = Files.newInputStream(input)) {
        bytes = in.readAllBytes();
      }
      assertSameAsBuffer(bytes, input.getFileName().toString());
    }
  }
}
