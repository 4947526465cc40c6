package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every non-zero code, returned by the stand-in through the real binding, becomes the typed
 * exception with the C function, CANN's name for the code and CANN's recent error message; and the
 * stand-in's CANN rules answer 107000 to what real CANN rejects.
 */
class ErrorTranslationTest {
  private static final String OP = "simpler_aicpu_exec_17c206da09cc6435";

  private final Standin standin = Standin.variant("full");
  private CannPorts ports;
  private StreamHandle stream;
  private BinaryHandle bin;
  private FunctionHandle exec;
  private Path json;

  @TempDir static Path tmp;

  @BeforeEach
  void setUp() throws IOException {
    ports = standin.freshAdapter().ports();
    json = tmp.resolve("simpler_inner_17c206da09cc6435_1.json");
    Files.writeString(
        json,
        "{\n  \""
            + OP
            + "\": {\n    \"opInfo\": {\n      \"functionName\": \"simpler_aicpu_exec\",\n"
            + "      \"kernelSo\": \"simpler_inner_17c206da09cc6435_0.so\",\n"
            + "      \"opKernelLib\": \"AICPUKernel\"\n    }\n  }\n}\n");
    ports.devices().setDevice(0);
    stream = ports.streams().createStream();
    bin =
        ports
            .binaries()
            .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    exec = ports.binaries().functionByName(bin, OP);
  }

  private static AicpuArgs blob() {
    ByteBuffer b = ByteBuffer.allocate(64);
    b.put(32, "simpler_aicpu_exec".getBytes(StandardCharsets.US_ASCII));
    return new AicpuArgs(b, AicpuArgs.NO_NAME, 32);
  }

  /** One driver per bound C function: the port call that reaches it. */
  private Map<String, Consumer<CannPorts>> drivers() {
    return Map.ofEntries(
        Map.entry("rtSetDevice", p -> p.devices().setDevice(1)),
        Map.entry("aclrtResetDevice", p -> p.devices().resetDevice(0)),
        Map.entry("aclrtResetDeviceForce", p -> p.devices().resetDeviceForce(0)),
        Map.entry("aclrtSetOpExecuteTimeOutV2", p -> p.devices().setOpExecuteTimeout(1000)),
        Map.entry("aclrtGetDeviceCount", p -> p.devices().deviceCount()),
        Map.entry("aclrtMalloc", p -> p.memory().malloc(64)),
        Map.entry("aclrtFree", p -> p.memory().free(p.memory().malloc(8))),
        Map.entry(
            "aclrtMemcpy",
            p -> p.memory().copyToDevice(p.memory().malloc(8), ByteBuffer.allocate(8))),
        Map.entry("rtStreamCreate", p -> p.streams().createStream()),
        Map.entry("rtStreamDestroy", p -> p.streams().destroyStream(stream)),
        Map.entry("aclrtSynchronizeStream", p -> p.streams().synchronize(stream)),
        Map.entry("aclrtSynchronizeStreamWithTimeout", p -> p.streams().synchronize(stream, 4000)),
        Map.entry(
            "rtAicpuKernelLaunchExWithArgs",
            p ->
                p.aicpuLaunch()
                    .launchAicpuKernel(KernelType.AICPU, "AST_DYN_AICPU", 1, blob(), stream)),
        Map.entry(
            "rtsBinaryLoadFromFile",
            p ->
                p.binaries()
                    .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY))),
        Map.entry("rtsFuncGetByName", p -> p.binaries().functionByName(bin, OP)),
        Map.entry("rtsBinaryUnload", p -> p.binaries().unloadBinary(bin)),
        Map.entry(
            "rtsLaunchCpuKernel",
            p ->
                p.cpuKernels()
                    .launchCpuKernel(
                        exec, 1, stream, LaunchConfig.none(), ByteBuffer.allocate(96))));
  }

  static Stream<Arguments> codes() {
    return Stream.of(
        Arguments.of(
            "rtsBinaryLoadFromFile",
            107000,
            CannCallException.InvalidArgument.class,
            "ACL_ERROR_RT_PARAM_INVALID"),
        Arguments.of(
            "rtStreamCreate", 107002, CannCallException.class, "ACL_ERROR_RT_CONTEXT_NULL"),
        Arguments.of(
            "aclrtMalloc",
            207001,
            CannCallException.ResourceExhausted.class,
            "ACL_ERROR_RT_MEMORY_ALLOCATION"),
        Arguments.of(
            "aclrtSynchronizeStream",
            507000,
            CannCallException.DeviceFailure.class,
            "ACL_ERROR_RT_INTERNAL_ERROR"),
        Arguments.of(
            "rtsLaunchCpuKernel",
            507018,
            CannCallException.DeviceFailure.class,
            "ACL_ERROR_RT_AICPU_EXCEPTION"),
        Arguments.of(
            "aclrtSynchronizeStreamWithTimeout",
            507046,
            CannCallException.Timeout.class,
            "ACL_ERROR_RT_STREAM_SYNC_TIMEOUT"),
        Arguments.of(
            "aclrtMemcpy",
            507899,
            CannCallException.DevicePoisoned.class,
            "ACL_ERROR_RT_DRV_INTERNAL_ERROR"),
        Arguments.of(
            "rtAicpuKernelLaunchExWithArgs", 999_999, CannCallException.class, "UNKNOWN(999999)"));
  }

  @ParameterizedTest(name = "{1} from {0} -> {2}")
  @MethodSource("codes")
  void codesBecomeTypedExceptions(
      String function, int code, Class<? extends CannCallException> type, String name) {
    standin.control.standin_set_rc(function, code);
    standin.control.standin_set_recent_error("EE1001: the card says no");

    Throwable thrown = catchThrowable(() -> drivers().get(function).accept(ports));

    assertThat(thrown).isExactlyInstanceOf(type);
    CannCallException e = (CannCallException) thrown;
    assertThat(e.code()).isEqualTo(code);
    assertThat(e.function()).isEqualTo(function);
    assertThat(e.cannName()).isEqualTo(name);
    assertThat(e.error().isPresent()).isEqualTo(code != 999_999);
    assertThat(e.recentErrorMessage()).hasValue("EE1001: the card says no");
    assertThat(e.getMessage())
        .startsWith(function + " returned " + code)
        .contains("CANN says: EE1001: the card says no")
        .contains("Hint: ");
  }

  static Stream<String> functions() {
    return Stream.of(
        "rtSetDevice",
        "aclrtResetDevice",
        "aclrtResetDeviceForce",
        "aclrtSetOpExecuteTimeOutV2",
        "aclrtGetDeviceCount",
        "aclrtMalloc",
        "aclrtFree",
        "aclrtMemcpy",
        "rtStreamCreate",
        "rtStreamDestroy",
        "aclrtSynchronizeStream",
        "aclrtSynchronizeStreamWithTimeout",
        "rtAicpuKernelLaunchExWithArgs",
        "rtsBinaryLoadFromFile",
        "rtsFuncGetByName",
        "rtsBinaryUnload",
        "rtsLaunchCpuKernel");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  @DisplayName("every bound function's failure names that function")
  void everyFunctionTranslatesItsCode(String function) {
    standin.control.standin_set_rc(function, 507899);

    Throwable thrown = catchThrowable(() -> drivers().get(function).accept(ports));

    assertThat(thrown).isInstanceOf(CannCallException.DevicePoisoned.class);
    assertThat(((CannCallException) thrown).function()).isEqualTo(function);
    assertThat(((CannCallException) thrown).recentErrorMessage())
        .hasValue("EE9999: stand-in: injected failure");
    List<String> calls = standin.calls();
    assertThat(calls.get(calls.size() - 1)).startsWith(function + " ").endsWith(" rc=507899");
  }

  // ---- CANN's rules, checked by the stand-in, surface as 107000 ----

  private void assertRejected(Runnable call, String reason) {
    Throwable thrown = catchThrowable(call::run);
    assertThat(thrown).isInstanceOf(CannCallException.InvalidArgument.class);
    CannCallException e = (CannCallException) thrown;
    assertThat(e.code()).isEqualTo(107000);
    assertThat(e.recentErrorMessage()).hasValue("EE9999: stand-in: " + reason);
  }

  @Test
  @DisplayName("F7: a relative descriptor path is 107000")
  void relativeDescriptorPath() {
    assertRejected(
        () ->
            ports
                .binaries()
                .loadBinaryFromFile(
                    Path.of("desc.json"), LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY)),
        "the descriptor path is not absolute");
  }

  @Test
  @DisplayName("F7: a descriptor path without .json is 107000")
  void descriptorWithoutJsonSuffix() throws IOException {
    Path noSuffix = Files.copy(json, tmp.resolve("simpler_inner_x"));
    assertRejected(
        () ->
            ports
                .binaries()
                .loadBinaryFromFile(noSuffix, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY)),
        "the descriptor path does not end in .json");
  }

  @Test
  void cpuKernelMode2IsRejectedForFiles() {
    assertRejected(
        () ->
            ports
                .binaries()
                .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.LOAD_FROM_DATA)),
        "cpuKernelMode must be 0 or 1 for a file");
  }

  @Test
  void magicOptionIsRejectedForFiles() {
    assertRejected(
        () ->
            ports
                .binaries()
                .loadBinaryFromFile(
                    json,
                    new LoadOptions(List.of(new LoadOptions.Option(LoadOptions.OPT_MAGIC, 7)))),
        "option id not accepted for a file (magic or unknown)");
  }

  @Test
  void descriptorWithoutOpInfoIsRejected() throws IOException {
    Path empty = Files.writeString(tmp.resolve("empty.json"), "{}\n");
    assertRejected(
        () ->
            ports
                .binaries()
                .loadBinaryFromFile(empty, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY)),
        "the descriptor has no opInfo");
  }

  @Test
  @DisplayName("F9: an opType the descriptor lacks is 107000")
  void unknownOpType() {
    assertRejected(
        () -> ports.binaries().functionByName(bin, "simpler_aicpu_init_17c206da09cc6435"),
        "opType not in the descriptor");
  }

  @Test
  void zeroBlocksIsRejected() {
    assertRejected(
        () ->
            ports
                .cpuKernels()
                .launchCpuKernel(exec, 0, stream, LaunchConfig.none(), ByteBuffer.allocate(8)),
        "numBlocks must be at least 1");
    assertRejected(
        () ->
            ports
                .aicpuLaunch()
                .launchAicpuKernel(KernelType.AICPU, "AST_DYN_AICPU", 0, blob(), stream),
        "numBlocks must be at least 1");
  }

  @Test
  void nonAicpuKernelTypeIsRejected() {
    assertRejected(
        () ->
            ports
                .aicpuLaunch()
                .launchAicpuKernel(KernelType.CCE, "AST_DYN_AICPU", 1, blob(), stream),
        "kernel type is not an AICPU kind (1, 2, 4, 5, 6)");
  }

  @Test
  void unterminatedKernelNameIsRejected() {
    ByteBuffer b = ByteBuffer.allocate(40);
    b.put(32, "12345678".getBytes(StandardCharsets.US_ASCII)); // runs to the end, no NUL
    assertRejected(
        () ->
            ports
                .aicpuLaunch()
                .launchAicpuKernel(
                    KernelType.AICPU,
                    "AST_DYN_AICPU",
                    1,
                    new AicpuArgs(b, AicpuArgs.NO_NAME, 32),
                    stream),
        "kernelNameAddrOffset outside the blob or name over 200");
  }

  @Test
  void soNameOver100CharsIsRejected() {
    ByteBuffer b = ByteBuffer.allocate(256);
    b.put(0, "s".repeat(101).getBytes(StandardCharsets.US_ASCII));
    b.put(128, "k".getBytes(StandardCharsets.US_ASCII));
    assertRejected(
        () ->
            ports
                .aicpuLaunch()
                .launchAicpuKernel(
                    KernelType.AICPU, "AST_DYN_AICPU", 1, new AicpuArgs(b, 0, 128), stream),
        "soNameAddrOffset outside the blob or name over 100 chars");
  }

  @Test
  void copyPastTheAllocationIsRejected() {
    DevicePtr p = ports.memory().malloc(64);
    assertRejected(
        () -> ports.memory().copyToDevice(p.plus(32), ByteBuffer.allocate(64)),
        "dst is not device memory large enough");
  }
}
