package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F11: the encoders of CANN's own structures write exactly the bytes of {@code testdata/abi/},
 * which a C compiler wrote from PROTOCOL 2.7 with a static_assert on every offset (the values are
 * the README's tables). Each encoder writes at an offset into a buffer of a poisoned byte, so a
 * write outside the structure or a byte left unzeroed shows up too.
 */
class CannStructsGoldenTest {
  private static final int AT = 13;
  private static final byte POISON = (byte) 0xEE;

  private static byte[] golden(String file) throws IOException {
    String root = System.getProperty("aicpu.testdata");
    if (root == null) {
      throw new IllegalStateException("aicpu.testdata is not set; run the tests through Maven");
    }
    return Files.readAllBytes(Path.of(root, "abi", file));
  }

  /** Runs {@code encoder} on a poisoned buffer of either byte order; the window it wrote. */
  private static byte[] encode(int size, ByteOrder order, Consumer<ByteBuffer> encoder) {
    ByteBuffer b = ByteBuffer.allocate(AT + size + 11).order(order);
    for (int i = 0; i < b.capacity(); i++) {
      b.put(i, POISON);
    }
    encoder.accept(b);
    byte[] all = b.array();
    for (int i = 0; i < all.length; i++) {
      if (i < AT || i >= AT + size) {
        assertThat(all[i]).as("byte %d lies outside the structure", i - AT).isEqualTo(POISON);
      }
    }
    assertThat(b.position()).isZero();
    return Arrays.copyOfRange(all, AT, AT + size);
  }

  static Stream<Arguments> structures() {
    return Stream.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)
        .flatMap(
            order ->
                Stream.of(
                    Arguments.of("aicpu_args_ex_48.bin", 48, order, ex(AicpuArgsLayout.V48)),
                    Arguments.of("aicpu_args_ex_40.bin", 40, order, ex(AicpuArgsLayout.V40)),
                    Arguments.of("cpu_kernel_args.bin", 72, order, cpu(AicpuArgsLayout.V48)),
                    Arguments.of("cpu_kernel_args_40.bin", 64, order, cpu(AicpuArgsLayout.V40)),
                    Arguments.of(
                        "load_binary_option.bin",
                        RtLoadBinaryOption.SIZE,
                        order,
                        (Consumer<ByteBuffer>)
                            b -> RtLoadBinaryOption.write(b, AT, 0, 3, 0x13121110)),
                    Arguments.of(
                        "load_binary_config.bin",
                        RtLoadBinaryOption.CONFIG_SIZE,
                        order,
                        (Consumer<ByteBuffer>)
                            b ->
                                RtLoadBinaryOption.writeConfig(
                                    b, AT, 0xA7A6A5A4A3A2A1A0L, 0x2726252423222120L)),
                    Arguments.of(
                        "launch_kernel_attr.bin",
                        RtLaunchKernelAttr.SIZE,
                        order,
                        (Consumer<ByteBuffer>)
                            b -> RtLaunchKernelAttr.write(b, AT, 0, 8, 0x2726252423222120L)),
                    Arguments.of(
                        "kernel_launch_cfg.bin",
                        RtLaunchKernelAttr.CFG_SIZE,
                        order,
                        (Consumer<ByteBuffer>)
                            b ->
                                RtLaunchKernelAttr.writeCfg(
                                    b, AT, 0xB7B6B5B4B3B2B1B0L, 0x3736353433323130L))));
  }

  /** {@code aicpu_args_ex_*.bin}: every field set, in the layout's widths. */
  private static Consumer<ByteBuffer> ex(AicpuArgsLayout layout) {
    boolean v48 = layout == AicpuArgsLayout.V48;
    return b ->
        new RtAicpuArgsEx(b, AT)
            .clear(layout)
            .args(0xA7A6A5A4A3A2A1A0L)
            .hostInputInfoPtr(0xB7B6B5B4B3B2B1B0L)
            .kernelOffsetInfoPtr(0xC7C6C5C4C3C2C1C0L)
            .argsSize(0x13121110)
            .hostInputInfoNum(0x2120)
            .kernelOffsetInfoNum(0x3130)
            .soNameAddrOffset(v48 ? 0x43424140 : 0x4140)
            .kernelNameAddrOffset(v48 ? 0x53525150 : 0x5150)
            .isNoNeedH2DCopy(true)
            .timeout(v48 ? 0x6160 : 0);
  }

  /** {@code cpu_kernel_args*.bin}. */
  private static Consumer<ByteBuffer> cpu(AicpuArgsLayout layout) {
    boolean v48 = layout == AicpuArgsLayout.V48;
    return b -> {
      RtCpuKernelArgs cpu = new RtCpuKernelArgs(b, AT);
      cpu.clear(layout)
          .args(0xD7D6D5D4D3D2D1D0L)
          .hostInputInfoPtr(0xE7E6E5E4E3E2E1E0L)
          .kernelOffsetInfoPtr(0xF7F6F5F4F3F2F1F0L)
          .argsSize(0x60)
          .hostInputInfoNum(0x0201)
          .kernelOffsetInfoNum(0x0403)
          .soNameAddrOffset(v48 ? 0x08070605 : 0x0605)
          .kernelNameAddrOffset(v48 ? 0x0C0B0A09 : 0x0A09)
          .isNoNeedH2DCopy(!v48)
          .timeout(v48 ? 0x0E0D : 0);
      cpu.cpuParamHeadOffset(0x1716151413121110L);
    };
  }

  @ParameterizedTest(name = "{0} ({2} buffer)")
  @MethodSource("structures")
  @DisplayName("F11: each encoder writes the C compiler's bytes, and only inside its structure")
  void encodersWriteTheGoldenBytes(
      String file, int size, ByteOrder order, Consumer<ByteBuffer> encoder) throws IOException {
    byte[] expected = golden(file);
    assertThat(expected).hasSize(size);
    assertThat(encode(size, order, encoder)).isEqualTo(expected);
  }

  @Test
  void layoutSizesAreTheCompilersAndFollowTheCannVersion() throws IOException {
    assertThat(AicpuArgsLayout.V48.size()).isEqualTo(golden("aicpu_args_ex_48.bin").length);
    assertThat(AicpuArgsLayout.V40.size()).isEqualTo(golden("aicpu_args_ex_40.bin").length);
    assertThat(AicpuArgsLayout.V48.cpuKernelArgsSize())
        .isEqualTo(golden("cpu_kernel_args.bin").length);
    assertThat(AicpuArgsLayout.V40.cpuKernelArgsSize())
        .isEqualTo(golden("cpu_kernel_args_40.bin").length);
    assertThat(AicpuArgsLayout.forVersion(8, 5)).isEqualTo(AicpuArgsLayout.V48);
    assertThat(AicpuArgsLayout.forVersion(9, 0)).isEqualTo(AicpuArgsLayout.V48);
    assertThat(AicpuArgsLayout.forVersion(8, 3)).isEqualTo(AicpuArgsLayout.V40);
    assertThat(AicpuArgsLayout.forVersion(7, 9)).isEqualTo(AicpuArgsLayout.V40);
  }

  @Test
  @DisplayName("a clear zeroes what an earlier, larger write left")
  void clearZeroesTheWholeStructure() throws IOException {
    byte[] bytes =
        encode(
            48,
            ByteOrder.LITTLE_ENDIAN,
            b -> {
              ex(AicpuArgsLayout.V48).accept(b);
              new RtAicpuArgsEx(b, AT).clear(AicpuArgsLayout.V48).argsSize(96);
            });
    ByteBuffer expected = ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN).putInt(24, 96);
    assertThat(bytes).isEqualTo(expected.array());
  }

  @Test
  @DisplayName("the 40-byte layout refuses what its 16-bit fields and missing timeout cannot hold")
  void the40ByteLayoutRefusesWhatItCannotHold() {
    RtAicpuArgsEx v40 = new RtAicpuArgsEx(ByteBuffer.allocate(40), 0).clear(AicpuArgsLayout.V40);
    assertThatThrownBy(() -> v40.soNameAddrOffset(0x10000))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("soNameAddrOffset 65536");
    assertThatThrownBy(() -> v40.timeout(5)).hasMessageContaining("no timeout field");
    assertThatThrownBy(() -> v40.hostInputInfoNum(0x10000)).hasMessageContaining("uint16_t");
    assertThatThrownBy(() -> RtAicpuArgsEx.requireNameOffsetsFit(AicpuArgsLayout.V40, 240, 70_000))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("kernelNameOffset 70000")
        .hasMessageContaining("40-byte rtAicpuArgsEx_t");
    RtAicpuArgsEx.requireNameOffsetsFit(AicpuArgsLayout.V48, -1, 70_000);
    RtAicpuArgsEx.requireNameOffsetsFit(AicpuArgsLayout.V40, 0xFFFF, 0);
  }
}
