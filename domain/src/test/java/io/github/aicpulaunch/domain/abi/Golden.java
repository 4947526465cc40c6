package io.github.aicpulaunch.domain.abi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The golden files of {@code testdata/abi/} and the values {@code gen_abi_golden.c} filled them
 * with (the tables of {@code testdata/abi/README.md}). The expected bytes come from the C compiler,
 * never from the encoders under test.
 */
final class Golden {
  private Golden() {}

  static final BootstrapArgs BOOTSTRAP_ARGS =
      new BootstrapArgs(
          0x1122334455667788L, "DynTileFwkKernelServerInit", "libaicpu_extend_kernels.so", "");

  static final DeviceArgs DEVICE_ARGS =
      new DeviceArgs(
          0x8786858483828180L,
          0x2726252423222120L,
          0x3736353433323130L,
          0x9796959493929190L,
          0x4746454443424140L);

  static final KernelArgsA2a3 KERNEL_ARGS_A2A3 =
      new KernelArgsA2a3(
          0x1716151413121110L,
          0x2726252423222120L,
          0x3736353433323130L,
          0x4746454443424140L,
          0x5756555453525150L,
          0x6766656463626160L,
          0x7776757473727170L,
          0x8786858483828180L,
          0x9796959493929190L,
          0xA7A6A5A4A3A2A1A0L,
          0xB7B6B5B4B3B2B1B0L,
          0xC3C2C1C0);

  static final KernelArgsA5 KERNEL_ARGS_A5 =
      new KernelArgsA5(
          0x1716151413121110L,
          0x2726252423222120L,
          0x3736353433323130L,
          0x4746454443424140L,
          0x5756555453525150L,
          0x6766656463626160L,
          0x7776757473727170L,
          0x8786858483828180L,
          0x9796959493929190L,
          0xA7A6A5A4A3A2A1A0L,
          0xB3B2B1B0,
          0xC3C2C1C0);

  static final InitArgs INIT_ARGS =
      new InitArgs(0x13121110, 0x23222120, 0x33323130, 0x4746454443424140L, 0xC7C6C5C4C3C2C1C0L);

  /** 63 characters: the longest name a char[64] field holds. */
  static final String CONFIG_NAME_63 =
      "orchestration_config_for_paged_attention_unrolled_sixty_four_ok";

  static final RegisterCallableArgs REGISTER_CALLABLE_ARGS =
      new RegisterCallableArgs(
          0x13121110,
          0xA7A6A5A4A3A2A1A0L,
          0x3736353433323130L,
          "aicpu_orchestration_entry",
          CONFIG_NAME_63);

  static final DispatchSlot DISPATCH_SLOT = new DispatchSlot(0xB7B6B5B4B3B2B1B0L);

  /** The device id of {@code dispatch_device_args.bin} (the slot above at 136..159). */
  static final long DISPATCH_DEVICE_ID = 0x3736353433323130L;

  /** 63 characters: the longest entry a request's char[64] field holds. */
  static final String ENTRY_63 = "dispatch_entry_name_of_sixty_three_characters_fills_the_field_x";

  static final DispatchRequest DISPATCH_REQUEST =
      new DispatchRequest(0x1716151413121110L, 0xA7A6A5A4A3A2A1A0L, 0x2120, ENTRY_63);

  static final LegacyServerArgs LEGACY_SERVER_ARGS =
      new LegacyServerArgs(0xC7C6C5C4C3C2C1C0L, 0x3130);

  /** Golden files that are not one structure's encoding (checked by their own tests). */
  static final List<String> COMPOSITE_FILES = List.of("dispatch_device_args.bin");

  /** The bytes of {@code testdata/abi/<file>}. */
  static byte[] bytes(String file) {
    String root = System.getProperty("aicpu.testdata");
    if (root == null) {
      throw new IllegalStateException(
          "system property aicpu.testdata is not set; run the tests through Maven (surefire sets it"
              + " to the repository's testdata/ folder)");
    }
    try {
      return Files.readAllBytes(Path.of(root, "abi", file));
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read golden file testdata/abi/" + file + "; regenerate it (README)", e);
    }
  }

  /**
   * One structure under test: its golden file, the value the generator wrote, and the three
   * operations, so a single parameterized test covers every layout.
   */
  record Struct<T>(
      String file,
      int size,
      T value,
      Function<T, ByteBuffer> encode,
      BiConsumer<T, ByteBuffer> encodeInto,
      Function<ByteBuffer, T> decode) {

    /** The same structure with another value (for round trips). */
    Struct<T> with(T other) {
      return new Struct<>(file, size, other, encode, encodeInto, decode);
    }

    ByteBuffer encodeValue() {
      return encode.apply(value);
    }

    void encodeValueInto(ByteBuffer dst) {
      encodeInto.accept(value, dst);
    }

    Object decodeFrom(ByteBuffer src) {
      return decode.apply(src);
    }

    @Override
    public String toString() {
      return file;
    }
  }

  static final Struct<BootstrapArgs> BOOTSTRAP =
      new Struct<>(
          "bootstrap_args.bin",
          BootstrapArgs.SIZE,
          BOOTSTRAP_ARGS,
          BootstrapArgs::encode,
          BootstrapArgs::encodeInto,
          BootstrapArgs::decode);

  static final Struct<DeviceArgs> DEVICE =
      new Struct<>(
          "device_args.bin",
          DeviceArgs.SIZE,
          DEVICE_ARGS,
          DeviceArgs::encode,
          DeviceArgs::encodeInto,
          DeviceArgs::decode);

  static final Struct<KernelArgsA2a3> A2A3 =
      new Struct<>(
          "kernel_args_a2a3.bin",
          KernelArgsA2a3.SIZE,
          KERNEL_ARGS_A2A3,
          KernelArgsA2a3::encode,
          KernelArgsA2a3::encodeInto,
          KernelArgsA2a3::decode);

  static final Struct<KernelArgsA5> A5 =
      new Struct<>(
          "kernel_args_a5.bin",
          KernelArgsA5.SIZE,
          KERNEL_ARGS_A5,
          KernelArgsA5::encode,
          KernelArgsA5::encodeInto,
          KernelArgsA5::decode);

  static final Struct<InitArgs> INIT =
      new Struct<>(
          "init_args.bin",
          InitArgs.SIZE,
          INIT_ARGS,
          InitArgs::encode,
          InitArgs::encodeInto,
          InitArgs::decode);

  static final Struct<RegisterCallableArgs> REGISTER =
      new Struct<>(
          "register_callable_args.bin",
          RegisterCallableArgs.SIZE,
          REGISTER_CALLABLE_ARGS,
          RegisterCallableArgs::encode,
          RegisterCallableArgs::encodeInto,
          RegisterCallableArgs::decode);

  static final Struct<DispatchSlot> SLOT =
      new Struct<>(
          "dispatch_slot.bin",
          DispatchSlot.SIZE,
          DISPATCH_SLOT,
          DispatchSlot::encode,
          DispatchSlot::encodeInto,
          DispatchSlot::decode);

  static final Struct<DispatchRequest> REQUEST =
      new Struct<>(
          "dispatch_request.bin",
          DispatchRequest.SIZE,
          DISPATCH_REQUEST,
          DispatchRequest::encode,
          DispatchRequest::encodeInto,
          DispatchRequest::decode);

  static final Struct<LegacyServerArgs> LEGACY =
      new Struct<>(
          "legacy_server_args.bin",
          LegacyServerArgs.SIZE,
          LEGACY_SERVER_ARGS,
          LegacyServerArgs::encode,
          LegacyServerArgs::encodeInto,
          LegacyServerArgs::decode);

  static final List<Struct<?>> ALL =
      List.of(BOOTSTRAP, DEVICE, A2A3, A5, INIT, REGISTER, SLOT, REQUEST, LEGACY);
}
