package io.github.aicpulaunch.domain.fingerprint;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Fnv1a64Test {
  /** The definition, one byte at a time (PROTOCOL §5 step 4). */
  private static long reference(byte[] bytes, int from, int to) {
    long h = 0xcbf29ce484222325L;
    for (int i = from; i < to; i++) {
      h ^= bytes[i] & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Test
  void wordAtATimeEqualsTheByteWiseDefinitionForEveryLengthAndAlignment() {
    Random random = new Random(42);
    byte[] bytes = new byte[100 + 8];
    random.nextBytes(bytes);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes);
    for (int align = 0; align < 8; align++) {
      for (int length = 0; length <= 100; length++) {
        long expected = reference(bytes, align, align + length);
        ByteBuffer heap = ByteBuffer.wrap(bytes, align, length);
        direct.limit(align + length).position(align);
        assertThat(Fnv1a64.hash(heap)).as("heap %d+%d", align, length).isEqualTo(expected);
        assertThat(Fnv1a64.hash(direct)).as("direct %d+%d", align, length).isEqualTo(expected);
        // A little-endian buffer is read in place, from its position, with no view.
        ByteBuffer little = direct.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertThat(Fnv1a64.hash(little)).as("LE %d+%d", align, length).isEqualTo(expected);
        assertThat(little.position()).isEqualTo(align);
        assertThat(heap.position()).isEqualTo(align);
        assertThat(direct.position()).isEqualTo(align);
      }
    }
  }

  @Test
  void updateContinuesAHashAcrossAnySplit() {
    byte[] bytes = new byte[50];
    new Random(3).nextBytes(bytes);
    long whole = reference(bytes, 0, bytes.length);
    for (int split = 0; split <= bytes.length; split++) {
      long first = Fnv1a64.update(Fnv1a64.OFFSET_BASIS, ByteBuffer.wrap(bytes, 0, split));
      long both = Fnv1a64.update(first, ByteBuffer.wrap(bytes, split, bytes.length - split));
      assertThat(both).as("split at %d", split).isEqualTo(whole);
    }
  }

  @Test
  void highBytesAreNotSignExtended() {
    byte[] ones = new byte[17];
    java.util.Arrays.fill(ones, (byte) 0xff);
    assertThat(Fnv1a64.hash(ones)).isEqualTo(reference(ones, 0, ones.length));
  }

  @Test
  void protocolVectors() {
    assertThat(Fnv1a64.hash(new byte[0])).isEqualTo(0xcbf29ce484222325L);
    assertThat(Fnv1a64.hash("a".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(0xaf63dc4c8601ec8cL);
    assertThat(
            Fnv1a64.hash("not-an-elf-binary".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
        .isEqualTo(0xf773038d557a42a4L);
  }
}
