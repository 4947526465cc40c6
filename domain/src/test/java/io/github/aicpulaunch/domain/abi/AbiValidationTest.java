package io.github.aicpulaunch.domain.abi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.function.Function;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Bad values are refused with a message naming the field, the rule and the value; never cut. */
class AbiValidationTest {

  /** A name field: how to build a record with a given name there, and the field's size. */
  record NameField(String field, int fieldSize, Function<String, Object> build) {
    @Override
    public String toString() {
      return field;
    }
  }

  static Stream<NameField> nameFields() {
    BootstrapArgs b = Golden.BOOTSTRAP_ARGS;
    RegisterCallableArgs r = Golden.REGISTER_CALLABLE_ARGS;
    return Stream.of(
        new NameField(
            "BootstrapArgs.kernelName",
            32,
            n -> new BootstrapArgs(b.deviceArgsPtr(), n, b.soName(), b.opName())),
        new NameField(
            "BootstrapArgs.soName",
            32,
            n -> new BootstrapArgs(b.deviceArgsPtr(), b.kernelName(), n, b.opName())),
        new NameField(
            "BootstrapArgs.opName",
            32,
            n -> new BootstrapArgs(b.deviceArgsPtr(), b.kernelName(), b.soName(), n)),
        new NameField(
            "RegisterCallableArgs.deviceOrchFuncName",
            64,
            n ->
                new RegisterCallableArgs(
                    r.activeCallableId(),
                    r.devOrchSoAddr(),
                    r.devOrchSoSize(),
                    n,
                    r.deviceOrchConfigName())),
        new NameField(
            "RegisterCallableArgs.deviceOrchConfigName",
            64,
            n ->
                new RegisterCallableArgs(
                    r.activeCallableId(),
                    r.devOrchSoAddr(),
                    r.devOrchSoSize(),
                    r.deviceOrchFuncName(),
                    n)));
  }

  @ParameterizedTest(name = "{0}: a name of field size minus one fits, field size and more do not")
  @MethodSource("nameFields")
  void overLongNamesAreRefusedNeverTruncated(NameField f) {
    assertThat(f.build().apply("n".repeat(f.fieldSize() - 1))).isNotNull();

    for (int length : new int[] {f.fieldSize(), f.fieldSize() + 1}) {
      assertThatThrownBy(() -> f.build().apply("n".repeat(length)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(f.field() + " is " + length + " characters")
          .hasMessageContaining("char[" + f.fieldSize() + "]")
          .hasMessageContaining("at most " + (f.fieldSize() - 1));
    }
  }

  @ParameterizedTest(name = "{0}: non-ASCII and embedded NUL are refused")
  @MethodSource("nameFields")
  void namesMustBeAsciiWithoutNul(NameField f) {
    assertThatThrownBy(() -> f.build().apply("caf\u00e9"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.field())
        .hasMessageContaining("non-ASCII character U+00E9 at index 3");
    assertThatThrownBy(() -> f.build().apply("lib\0evil.so"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(f.field())
        .hasMessageContaining("embedded NUL at index 3");
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        bad("DeviceArgs.aicpuSoLen is -1", () -> new DeviceArgs(0, -1, 0, 0, 0)),
        bad("DeviceArgs.deviceId is -2", () -> new DeviceArgs(0, 0, -2, 0, 0)),
        bad("DeviceArgs.innerSoLen is -3", () -> new DeviceArgs(0, 0, 0, 0, -3)),
        bad("InitArgs.deviceId is -1", () -> new InitArgs(-1, 25, 0, 0, 0)),
        bad("InitArgs.logLevel is -1", () -> new InitArgs(0, -1, 0, 0, 0)),
        bad("InitArgs.schedulerTimeoutMs is -5", () -> new InitArgs(0, 25, -5, 0, 0)),
        bad(
            "RegisterCallableArgs.activeCallableId is -2",
            () -> new RegisterCallableArgs(-2, 0, 0, "f", "c")),
        bad(
            "RegisterCallableArgs.devOrchSoSize is -1",
            () -> new RegisterCallableArgs(0, 0, -1, "f", "c")));
  }

  private static Arguments bad(String message, ThrowingCallable construction) {
    return Arguments.of(message, construction);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void outOfRangeValuesAreRefused(String message, ThrowingCallable construction) {
    assertThatThrownBy(construction)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  /** A golden file with some bytes overwritten, to feed the decoders what C never wrote. */
  private static ByteBuffer corrupt(String file, int offset, byte... bytes) {
    byte[] golden = Golden.bytes(file);
    System.arraycopy(bytes, 0, golden, offset, bytes.length);
    return ByteBuffer.wrap(golden);
  }

  private static byte[] letters(int n) {
    byte[] b = new byte[n];
    Arrays.fill(b, (byte) 'A');
    return b;
  }

  static Stream<Arguments> undecodable() {
    return Stream.of(
        Arguments.of(
            "BootstrapArgs.kernelName (char[32]) has no NUL terminator",
            (ThrowingCallable)
                () ->
                    BootstrapArgs.decode(
                        corrupt(
                            "bootstrap_args.bin", BootstrapArgs.OFFSET_KERNEL_NAME, letters(32)))),
        Arguments.of(
            "BootstrapArgs.opName (char[32]) has no NUL terminator",
            (ThrowingCallable)
                () ->
                    BootstrapArgs.decode(
                        corrupt("bootstrap_args.bin", BootstrapArgs.OFFSET_OP_NAME, letters(32)))),
        Arguments.of(
            // The golden config name is 63 characters: replacing its NUL leaves none.
            "RegisterCallableArgs.deviceOrchConfigName (char[64]) has no NUL terminator",
            (ThrowingCallable)
                () ->
                    RegisterCallableArgs.decode(
                        corrupt(
                            "register_callable_args.bin",
                            RegisterCallableArgs.OFFSET_DEVICE_ORCH_CONFIG_NAME + 63,
                            (byte) 'x'))),
        Arguments.of(
            "BootstrapArgs.soName holds the non-ASCII byte 0xc3 at index 0",
            (ThrowingCallable)
                () ->
                    BootstrapArgs.decode(
                        corrupt("bootstrap_args.bin", BootstrapArgs.OFFSET_SO_NAME, (byte) 0xC3))),
        Arguments.of(
            "InitArgs.deviceId is -1",
            (ThrowingCallable)
                () ->
                    InitArgs.decode(
                        corrupt(
                            "init_args.bin",
                            InitArgs.OFFSET_DEVICE_ID,
                            (byte) -1,
                            (byte) -1,
                            (byte) -1,
                            (byte) -1))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("undecodable")
  void bytesNoCompilerWritesForTheseTypesAreRefused(String message, ThrowingCallable decode) {
    assertThatThrownBy(decode)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(message);
  }

  @Test
  void aFailedDecodeLeavesThePositionWhereItWas() {
    ByteBuffer src = corrupt("bootstrap_args.bin", BootstrapArgs.OFFSET_KERNEL_NAME, letters(32));

    assertThatThrownBy(() -> BootstrapArgs.decode(src))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(src.position()).isZero();
  }

  @Test
  void bytesAfterTheNulOfANameAreIgnored() {
    // strncpy/snprintf callers may leave anything after the terminator.
    ByteBuffer src = corrupt("bootstrap_args.bin", BootstrapArgs.OFFSET_OP_NAME + 1, letters(31));

    assertThat(BootstrapArgs.decode(src)).isEqualTo(Golden.BOOTSTRAP_ARGS);
  }
}
