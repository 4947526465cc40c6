package io.github.aicpulaunch.domain.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * F11 (the bootstrap ABI silently drifts): every layout is pinned by golden bytes written by {@code
 * testdata/abi/gen_abi_golden.c}, whose struct definitions carry a {@code static_assert} on every
 * offset and size of PROTOCOL section 2.
 */
@DisplayName("F11: ABI layouts match the C compiler's golden bytes")
class AbiLayoutTest {
  private static final byte FILL = (byte) 0xEE;

  static Stream<Golden.Struct<?>> structs() {
    return Golden.ALL.stream();
  }

  static Stream<Arguments> structsAndOrders() {
    return Golden.ALL.stream()
        .flatMap(
            s ->
                Stream.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)
                    .map(order -> Arguments.of(s, order)));
  }

  private static byte[] toArray(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  private static ByteBuffer filled(int capacity, ByteOrder order) {
    byte[] bytes = new byte[capacity];
    Arrays.fill(bytes, FILL);
    return ByteBuffer.wrap(bytes).order(order);
  }

  @ParameterizedTest(name = "F11 {0}: encode() equals the golden bytes")
  @MethodSource("structs")
  void encodeEqualsGoldenBytes(Golden.Struct<?> s) {
    ByteBuffer encoded = s.encodeValue();

    assertThat(encoded.position()).isZero();
    assertThat(encoded.limit()).isEqualTo(s.size()).isEqualTo(encoded.capacity());
    assertThat(encoded.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(toArray(encoded)).isEqualTo(Golden.bytes(s.file()));
  }

  @ParameterizedTest(name = "F11 {0}: decode() of the golden bytes gives every README value")
  @MethodSource("structs")
  void decodeGoldenGivesEveryField(Golden.Struct<?> s) {
    ByteBuffer src = ByteBuffer.wrap(Golden.bytes(s.file()));

    assertThat(s.decodeFrom(src)).isEqualTo(s.value());
    assertThat(src.position()).isEqualTo(s.size());
  }

  @ParameterizedTest(name = "F11 {0} into a {1} buffer: writes only its window, little-endian")
  @MethodSource("structsAndOrders")
  void encodeIntoWritesOnlyItsWindow(Golden.Struct<?> s, ByteOrder order) {
    int before = 5;
    int after = 11;
    ByteBuffer dst = filled(before + s.size() + after, order).position(before);

    s.encodeValueInto(dst);

    assertThat(dst.position()).isEqualTo(before + s.size());
    assertThat(dst.order()).isEqualTo(order);
    byte[] all = dst.array();
    assertThat(Arrays.copyOfRange(all, before, before + s.size()))
        .isEqualTo(Golden.bytes(s.file()));
    assertThat(Arrays.copyOfRange(all, 0, before)).containsOnly(FILL);
    assertThat(Arrays.copyOfRange(all, before + s.size(), all.length)).containsOnly(FILL);
  }

  @ParameterizedTest(name = "F11 {0} from a {1} buffer: decodes little-endian at the position")
  @MethodSource("structsAndOrders")
  void decodeReadsAtPositionWhateverTheOrder(Golden.Struct<?> s, ByteOrder order) {
    ByteBuffer src = filled(3 + s.size() + 4, order).position(3);
    src.put(Golden.bytes(s.file())).position(3);

    assertThat(s.decodeFrom(src)).isEqualTo(s.value());
    assertThat(src.position()).isEqualTo(3 + s.size());
    assertThat(src.order()).isEqualTo(order);
  }

  @ParameterizedTest(name = "{0}: a buffer one byte short is refused and left untouched")
  @MethodSource("structs")
  void shortBuffersAreRefused(Golden.Struct<?> s) {
    ByteBuffer src = ByteBuffer.wrap(Golden.bytes(s.file()), 1, s.size() - 1);
    assertThatThrownBy(() -> s.decodeFrom(src))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(s.size() + " bytes but only " + (s.size() - 1) + " remain");
    assertThat(src.position()).isEqualTo(1);

    ByteBuffer dst = filled(s.size() + 1, ByteOrder.LITTLE_ENDIAN).position(2);
    assertThatThrownBy(() -> s.encodeValueInto(dst))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs " + s.size() + " bytes")
        .hasMessageContaining("only " + (s.size() - 1) + " remaining");
    assertThat(dst.position()).isEqualTo(2);
    assertThat(dst.array()).containsOnly(FILL);
  }

  @ParameterizedTest(name = "{0}: a read-only destination is refused")
  @MethodSource("structs")
  void readOnlyDestinationIsRefused(Golden.Struct<?> s) {
    ByteBuffer dst = ByteBuffer.allocate(s.size()).asReadOnlyBuffer();

    assertThatThrownBy(() -> s.encodeValueInto(dst))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("read-only");
  }

  @ParameterizedTest(name = "{0}: padding and reserved bytes are zeroed over old contents")
  @MethodSource("structs")
  void encodeIntoZeroesEveryUnusedByte(Golden.Struct<?> s) {
    ByteBuffer dst = filled(s.size(), ByteOrder.LITTLE_ENDIAN);

    s.encodeValueInto(dst);

    // The generator memsets the struct to zero, so every byte it leaves unused is 0 there.
    assertThat(dst.array()).isEqualTo(Golden.bytes(s.file()));
  }

  static Stream<Arguments> roundTrips() {
    return Stream.of(
        Arguments.of(Golden.BOOTSTRAP.with(BootstrapArgs.forDispatcher(-1L))),
        Arguments.of(
            Golden.BOOTSTRAP.with(
                new BootstrapArgs(0, "k".repeat(31), "", "opName with spaces ~!"))),
        Arguments.of(Golden.DEVICE.with(new DeviceArgs(-1L, Long.MAX_VALUE, 0, 1L, 0))),
        Arguments.of(
            Golden.A2A3.with(new KernelArgsA2a3(-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -1))),
        Arguments.of(
            Golden.A5.with(
                new KernelArgsA5(-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -1, Integer.MIN_VALUE))),
        Arguments.of(
            Golden.INIT.with(new InitArgs(Integer.MAX_VALUE, 25, Integer.MAX_VALUE, -1L, 0))),
        Arguments.of(
            Golden.REGISTER.with(
                new RegisterCallableArgs(
                    RegisterCallableArgs.NO_CALLABLE, -1L, Long.MAX_VALUE, "f".repeat(63), ""))),
        Arguments.of(Golden.SLOT.with(new DispatchSlot(-1L))),
        Arguments.of(Golden.REQUEST.with(new DispatchRequest(-1L, 1L, 65536, "e"))),
        Arguments.of(
            Golden.REQUEST.with(new DispatchRequest(0, Long.MIN_VALUE, 1, Golden.ENTRY_63))),
        Arguments.of(Golden.LEGACY.with(new LegacyServerArgs(-1L, 65536))),
        Arguments.of(Golden.LEGACY.with(new LegacyServerArgs(1L, 1))));
  }

  @ParameterizedTest(name = "{index}: {0} round-trips extreme values")
  @MethodSource("roundTrips")
  void roundTrips(Golden.Struct<?> s) {
    ByteBuffer encoded = s.encodeValue();

    assertThat(encoded.remaining()).isEqualTo(s.size());
    assertThat(s.decodeFrom(encoded)).isEqualTo(s.value());
    assertThat(encoded.hasRemaining()).isFalse();
  }

  @Test
  @DisplayName("F11: upstream's dispatcher bootstrap blob is what forDispatcher builds")
  void forDispatcherIsUpstreamsBlob() {
    assertThat(BootstrapArgs.forDispatcher(0x1122334455667788L)).isEqualTo(Golden.BOOTSTRAP_ARGS);
    assertThat(BootstrapArgs.forDispatcher(0x1122334455667788L).encode())
        .isEqualTo(ByteBuffer.wrap(Golden.bytes("bootstrap_args.bin")));
  }

  /** One field of one golden file: where the OFFSET constant says it is, and what C put there. */
  record Field(String file, String name, int offset, int width, long value) {
    @Override
    public String toString() {
      return file + " " + name + " @" + offset;
    }
  }

  private static Field u64(String file, String name, int offset, long value) {
    return new Field(file, name, offset, 8, value);
  }

  private static Field u32(String file, String name, int offset, long value) {
    return new Field(file, name, offset, 4, value);
  }

  private static Field u16(String file, String name, int offset, long value) {
    return new Field(file, name, offset, 2, value);
  }

  private static Field u8(String file, String name, int offset, long value) {
    return new Field(file, name, offset, 1, value);
  }

  static Stream<Field> offsets() {
    String a2 = "kernel_args_a2a3.bin";
    String a5 = "kernel_args_a5.bin";
    return Stream.of(
        u64("bootstrap_args.bin", "device_args_ptr", 40, 0x1122334455667788L),
        u64("device_args.bin", "aicpu_so_bin", DeviceArgs.OFFSET_AICPU_SO_BIN, 0x8786858483828180L),
        u64("device_args.bin", "aicpu_so_len", DeviceArgs.OFFSET_AICPU_SO_LEN, 0x2726252423222120L),
        u64("device_args.bin", "device_id", DeviceArgs.OFFSET_DEVICE_ID, 0x3736353433323130L),
        u64("device_args.bin", "inner_so_bin", DeviceArgs.OFFSET_INNER_SO_BIN, 0x9796959493929190L),
        u64("device_args.bin", "inner_so_len", DeviceArgs.OFFSET_INNER_SO_LEN, 0x4746454443424140L),
        u64(a2, "runtime_args", KernelArgsA2a3.OFFSET_RUNTIME_ARGS, 0x1716151413121110L),
        u64(a2, "regs", KernelArgsA2a3.OFFSET_REGS, 0x2726252423222120L),
        u64(a2, "ffts_base_addr", KernelArgsA2a3.OFFSET_FFTS_BASE_ADDR, 0x3736353433323130L),
        u64(a2, "dump_data_base", KernelArgsA2a3.OFFSET_DUMP_DATA_BASE, 0x4746454443424140L),
        u64(
            a2,
            "chip_swimlane_data_base",
            KernelArgsA2a3.OFFSET_CHIP_SWIMLANE_DATA_BASE,
            0x5756555453525150L),
        u64(a2, "pmu_data_base", KernelArgsA2a3.OFFSET_PMU_DATA_BASE, 0x6766656463626160L),
        u64(a2, "pmu_reg_addrs", KernelArgsA2a3.OFFSET_PMU_REG_ADDRS, 0x7776757473727170L),
        u64(a2, "dep_gen_data_base", KernelArgsA2a3.OFFSET_DEP_GEN_DATA_BASE, 0x8786858483828180L),
        u64(
            a2,
            "scope_stats_data_base",
            KernelArgsA2a3.OFFSET_SCOPE_STATS_DATA_BASE,
            0x9796959493929190L),
        u64(
            a2,
            "chip_swimlane_aicore_rotation_table",
            KernelArgsA2a3.OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE,
            0xA7A6A5A4A3A2A1A0L),
        u64(
            a2,
            "device_wall_data_base",
            KernelArgsA2a3.OFFSET_DEVICE_WALL_DATA_BASE,
            0xB7B6B5B4B3B2B1B0L),
        u32(a2, "enable_profiling_flag", KernelArgsA2a3.OFFSET_ENABLE_PROFILING_FLAG, 0xC3C2C1C0L),
        u32(a2, "tail padding", KernelArgsA2a3.OFFSET_ENABLE_PROFILING_FLAG + 4, 0),
        u64(a5, "runtime_args", KernelArgsA5.OFFSET_RUNTIME_ARGS, 0x1716151413121110L),
        u64(a5, "regs", KernelArgsA5.OFFSET_REGS, 0x2726252423222120L),
        u64(a5, "dump_data_base", KernelArgsA5.OFFSET_DUMP_DATA_BASE, 0x3736353433323130L),
        u64(
            a5,
            "chip_swimlane_data_base",
            KernelArgsA5.OFFSET_CHIP_SWIMLANE_DATA_BASE,
            0x4746454443424140L),
        u64(a5, "pmu_data_base", KernelArgsA5.OFFSET_PMU_DATA_BASE, 0x5756555453525150L),
        u64(a5, "dep_gen_data_base", KernelArgsA5.OFFSET_DEP_GEN_DATA_BASE, 0x6766656463626160L),
        u64(
            a5,
            "chip_swimlane_aicore_rotation_table",
            KernelArgsA5.OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE,
            0x7776757473727170L),
        u64(
            a5,
            "aicore_pmu_ring_addrs",
            KernelArgsA5.OFFSET_AICORE_PMU_RING_ADDRS,
            0x8786858483828180L),
        u64(
            a5,
            "scope_stats_data_base",
            KernelArgsA5.OFFSET_SCOPE_STATS_DATA_BASE,
            0x9796959493929190L),
        u64(
            a5,
            "device_wall_data_base",
            KernelArgsA5.OFFSET_DEVICE_WALL_DATA_BASE,
            0xA7A6A5A4A3A2A1A0L),
        u32(a5, "enable_profiling_flag", KernelArgsA5.OFFSET_ENABLE_PROFILING_FLAG, 0xB3B2B1B0L),
        u32(a5, "force_simt_anchor", KernelArgsA5.OFFSET_FORCE_SIMT_ANCHOR, 0xC3C2C1C0L),
        u32("init_args.bin", "device_id", InitArgs.OFFSET_DEVICE_ID, 0x13121110),
        u32("init_args.bin", "log_level", InitArgs.OFFSET_LOG_LEVEL, 0x23222120),
        u32(
            "init_args.bin",
            "scheduler_timeout_ms",
            InitArgs.OFFSET_SCHEDULER_TIMEOUT_MS,
            0x33323130),
        u32("init_args.bin", "pad", InitArgs.OFFSET_SCHEDULER_TIMEOUT_MS + 4, 0),
        u64(
            "init_args.bin",
            "dma_workspace_addr[0]",
            InitArgs.OFFSET_DMA_WORKSPACE_ADDR_SDMA,
            0x4746454443424140L),
        u64(
            "init_args.bin",
            "dma_workspace_addr[1]",
            InitArgs.OFFSET_DMA_WORKSPACE_ADDR_URMA,
            0xC7C6C5C4C3C2C1C0L),
        u32(
            "register_callable_args.bin",
            "active_callable_id",
            RegisterCallableArgs.OFFSET_ACTIVE_CALLABLE_ID,
            0x13121110),
        u32(
            "register_callable_args.bin",
            "pad",
            RegisterCallableArgs.OFFSET_ACTIVE_CALLABLE_ID + 4,
            0),
        u64(
            "register_callable_args.bin",
            "dev_orch_so_addr",
            RegisterCallableArgs.OFFSET_DEV_ORCH_SO_ADDR,
            0xA7A6A5A4A3A2A1A0L),
        u64(
            "register_callable_args.bin",
            "dev_orch_so_size",
            RegisterCallableArgs.OFFSET_DEV_ORCH_SO_SIZE,
            0x3736353433323130L));
  }

  @ParameterizedTest(name = "F11 {0}")
  @MethodSource("offsets")
  void offsetConstantsPointAtTheCompilersFields(Field f) {
    ByteBuffer golden = ByteBuffer.wrap(Golden.bytes(f.file())).order(ByteOrder.LITTLE_ENDIAN);
    long actual =
        switch (f.width()) {
          case 8 -> golden.getLong(f.offset());
          case 4 -> Integer.toUnsignedLong(golden.getInt(f.offset()));
          case 2 -> Short.toUnsignedLong(golden.getShort(f.offset()));
          default -> Byte.toUnsignedLong(golden.get(f.offset()));
        };

    assertThat(actual).isEqualTo(f.value());
  }

  static Stream<Arguments> nameOffsets() {
    return Stream.of(
        Arguments.of(
            "bootstrap_args.bin", BootstrapArgs.OFFSET_KERNEL_NAME, "DynTileFwkKernelServerInit"),
        Arguments.of(
            "bootstrap_args.bin", BootstrapArgs.OFFSET_SO_NAME, "libaicpu_extend_kernels.so"),
        Arguments.of("bootstrap_args.bin", BootstrapArgs.OFFSET_OP_NAME, ""),
        Arguments.of(
            "register_callable_args.bin",
            RegisterCallableArgs.OFFSET_DEVICE_ORCH_FUNC_NAME,
            "aicpu_orchestration_entry"),
        Arguments.of(
            "register_callable_args.bin",
            RegisterCallableArgs.OFFSET_DEVICE_ORCH_CONFIG_NAME,
            Golden.CONFIG_NAME_63));
  }

  @ParameterizedTest(name = "F11 {0}: \"{2}\" + NUL at offset {1}")
  @MethodSource("nameOffsets")
  void nameOffsetsPointAtTheCompilersStrings(String file, int offset, String name) {
    byte[] golden = Golden.bytes(file);
    byte[] expected = (name + "\0").getBytes(StandardCharsets.US_ASCII);

    assertThat(Arrays.copyOfRange(golden, offset, offset + expected.length)).isEqualTo(expected);
  }

  @Test
  @DisplayName("F11: a dispatch-through DeviceArgs is device_id plus the DSP1 slot at 136..159")
  void dispatchDeviceArgsAreTheGoldenComposite() {
    byte[] golden = Golden.bytes("dispatch_device_args.bin");
    assertThat(toArray(Golden.DISPATCH_SLOT.encodeDeviceArgs(Golden.DISPATCH_DEVICE_ID)))
        .isEqualTo(golden);
    assertThat(java.util.Arrays.copyOfRange(golden, 136, 160))
        .isEqualTo(Golden.bytes("dispatch_slot.bin"));
    assertThat(DeviceArgs.decode(ByteBuffer.wrap(golden)))
        .isEqualTo(new DeviceArgs(0, 0, Golden.DISPATCH_DEVICE_ID, 0, 0));
    assertThat(DispatchSlot.decode(ByteBuffer.wrap(golden, 136, 24)))
        .isEqualTo(Golden.DISPATCH_SLOT);
  }

  @Test
  @DisplayName("a slot without the DSP1 magic, size 96 and a zero reserved word is refused")
  void slotDecodeRefusesWhatTheDispatcherRefuses() {
    byte[] golden = Golden.bytes("dispatch_slot.bin");
    for (int index : new int[] {0, 4, 16}) {
      byte[] bad = golden.clone();
      bad[index] ^= 1;
      ByteBuffer src = ByteBuffer.wrap(bad);
      assertThatThrownBy(() -> DispatchSlot.decode(src))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("DSP1");
      assertThat(src.position()).isZero();
    }
  }

  @Test
  void perLaunchPatchesRewriteOnlyPayloadLen() {
    ByteBuffer request = Golden.DISPATCH_REQUEST.encode();
    DispatchRequest.patchPayloadLen(request, 0, 7);
    assertThat(DispatchRequest.decode(request))
        .isEqualTo(
            new DispatchRequest(
                Golden.DISPATCH_REQUEST.fingerprint(),
                Golden.DISPATCH_REQUEST.payloadAddr(),
                7,
                Golden.ENTRY_63));
    ByteBuffer legacy = Golden.LEGACY_SERVER_ARGS.encode();
    LegacyServerArgs.patchPayloadLen(legacy, 0, 65536);
    assertThat(LegacyServerArgs.decode(legacy))
        .isEqualTo(new LegacyServerArgs(Golden.LEGACY_SERVER_ARGS.payloadAddr(), 65536));
    assertThatThrownBy(() -> LegacyServerArgs.patchPayloadLen(legacy, 0, 65537))
        .hasMessageContaining("1..65536");
  }

  @Test
  void legacyDecodeRefusesAnotherLaunchsNames() {
    ByteBuffer bootstrap = ByteBuffer.wrap(Golden.bytes("bootstrap_args.bin"));
    assertThatThrownBy(() -> LegacyServerArgs.decode(bootstrap))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("DynTileFwkKernelServerInit");
  }
}
