package io.github.aicpulaunch.domain.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.github.aicpulaunch.domain.abi.BootstrapArgs;
import io.github.aicpulaunch.domain.abi.DeviceArgs;
import io.github.aicpulaunch.domain.abi.InitArgs;
import io.github.aicpulaunch.domain.abi.KernelArgsA2a3;
import io.github.aicpulaunch.domain.abi.KernelArgsA5;
import io.github.aicpulaunch.domain.abi.RegisterCallableArgs;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Fuzzes every ABI layout decoder of {@code domain.abi} (docs/ABI.md). Input byte 0 picks the
 * layout (bits 0-6, modulo the number of layouts) and the byte order of the buffer (bit 7); the
 * rest is the bytes to decode, read from position 1. For every input:
 *
 * <ul>
 *   <li>{@code decode} returns or throws {@link IllegalArgumentException}, nothing else;
 *   <li>on failure the position has not moved; on success it advanced by exactly the layout's size;
 *   <li>the buffer's byte order is irrelevant and unchanged;
 *   <li>decode∘encode∘decode = decode, and encoding the re-decoded value gives the same bytes.
 * </ul>
 *
 * <p>Regression inputs (selector byte + the C-written golden files of {@code testdata/abi/}):
 * {@code src/test/resources/.../fuzz/AbiDecodeFuzzTestInputs/}.
 */
class AbiDecodeFuzzTest {
  private record Codec<T>(
      String name, int size, Function<ByteBuffer, T> decode, Function<T, ByteBuffer> encode) {}

  /** In the order of the selector values the seed files use (see {@code FuzzSeedGenerator}). */
  static final List<Codec<?>> CODECS =
      List.of(
          new Codec<>("BootstrapArgs", BootstrapArgs.SIZE, BootstrapArgs::decode, v -> v.encode()),
          new Codec<>("DeviceArgs", DeviceArgs.SIZE, DeviceArgs::decode, v -> v.encode()),
          new Codec<>(
              "KernelArgsA2a3", KernelArgsA2a3.SIZE, KernelArgsA2a3::decode, v -> v.encode()),
          new Codec<>("KernelArgsA5", KernelArgsA5.SIZE, KernelArgsA5::decode, v -> v.encode()),
          new Codec<>("InitArgs", InitArgs.SIZE, InitArgs::decode, v -> v.encode()),
          new Codec<>(
              "RegisterCallableArgs",
              RegisterCallableArgs.SIZE,
              RegisterCallableArgs::decode,
              v -> v.encode()));

  @FuzzTest
  void decodeThrowsOnlyIllegalArgumentAndIsStable(byte[] data) {
    if (data.length == 0) {
      return;
    }
    int selector = data[0] & 0x7F;
    ByteOrder order = (data[0] & 0x80) != 0 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
    check(CODECS.get(selector % CODECS.size()), data, order);
  }

  private static <T> void check(Codec<T> codec, byte[] data, ByteOrder order) {
    ByteBuffer src = ByteBuffer.wrap(data).order(order).position(1);
    T value;
    try {
      value = codec.decode().apply(src);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).as(codec.name()).isNotBlank();
      assertThat(src.position()).as(codec.name() + " position after a refusal").isEqualTo(1);
      assertThat(src.order()).isEqualTo(order);
      return;
    }
    assertThat(src.position()).as(codec.name() + " position").isEqualTo(1 + codec.size());
    assertThat(src.order()).isEqualTo(order);

    ByteOrder other =
        order == ByteOrder.BIG_ENDIAN ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
    T sameBytesOtherOrder = codec.decode().apply(ByteBuffer.wrap(data).order(other).position(1));
    assertThat(sameBytesOtherOrder).as(codec.name() + " ignores the byte order").isEqualTo(value);

    ByteBuffer encoded = codec.encode().apply(value);
    assertThat(encoded.remaining()).as(codec.name() + " encoded size").isEqualTo(codec.size());
    T again = codec.decode().apply(encoded.duplicate());
    assertThat(again).as(codec.name() + " decode(encode(decode(x)))").isEqualTo(value);
    byte[] first = bytes(encoded);
    byte[] second = bytes(codec.encode().apply(again));
    assertThat(Arrays.equals(first, second)).as(codec.name() + " stable encoding").isTrue();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    byte[] out = new byte[buffer.remaining()];
    buffer.duplicate().get(out);
    return out;
  }
}
