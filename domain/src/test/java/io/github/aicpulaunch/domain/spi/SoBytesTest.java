package io.github.aicpulaunch.domain.spi;

import static io.github.aicpulaunch.domain.testing.Overlay.filler;
import static io.github.aicpulaunch.domain.testing.Overlay.overlaid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An SO's bytes written into a file by default: the chunks of one pass, each at its offset. */
class SoBytesTest {
  @TempDir Path dir;

  private static byte[] pattern(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 13 + 5);
    }
    return b;
  }

  @Test
  void writeToPutsEveryChunkAtTheOffsetAndNothingElse() throws Exception {
    byte[] bytes = pattern(300_000);
    // Three chunks handed over out of order: each lands at its own offset.
    SoBytes so =
        SoBytes.of(
            bytes.length,
            sink -> {
              sink.accept(200_000, ByteBuffer.wrap(bytes, 200_000, 100_000).slice());
              sink.accept(0, ByteBuffer.wrap(bytes, 0, 150_000).slice());
              sink.accept(150_000, ByteBuffer.wrap(bytes, 150_000, 50_000).slice());
            });
    byte[] before = filler(bytes.length + 1000);
    Path target = Files.write(dir.resolve("device.mem"), before);

    so.writeTo(target, 999);

    assertThat(Files.readAllBytes(target)).isEqualTo(overlaid(before, bytes, 999));
  }

  @Test
  void aLargeHeapChunkIsWrittenWhole() throws Exception {
    // One heap chunk of 600 KiB + 7 bytes, handed over from position 3 of its buffer.
    byte[] bytes = pattern((600 << 10) + 7);
    byte[] padded = new byte[bytes.length + 3];
    System.arraycopy(bytes, 0, padded, 3, bytes.length);
    SoBytes so = SoBytes.of(ByteBuffer.wrap(padded).position(3));
    byte[] before = filler(bytes.length + 50);
    Path target = Files.write(dir.resolve("device.mem"), before);

    so.writeTo(target, 50);

    assertThat(Files.readAllBytes(target)).isEqualTo(overlaid(before, bytes, 50));
  }

  @Test
  void aChunkReachingPastTheSizeIsRefusedBeforeItIsWritten() throws Exception {
    byte[] bytes = pattern(1000);
    SoBytes so =
        SoBytes.of(
            900,
            sink -> {
              sink.accept(0, ByteBuffer.wrap(bytes, 0, 500).slice());
              sink.accept(500, ByteBuffer.wrap(bytes, 500, 500).slice());
            });
    byte[] before = new byte[2000];
    Path target = Files.write(dir.resolve("device.mem"), before);

    assertThatThrownBy(() -> so.writeTo(target, 0))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("a chunk of 500 bytes at 500 reaches past the 900 bytes");
    assertThat(Files.readAllBytes(target))
        .isEqualTo(overlaid(before, Arrays.copyOf(bytes, 500), 0));
  }
}
