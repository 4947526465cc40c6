package io.github.aicpulaunch.adapter.cann;

import static io.github.aicpulaunch.adapter.cann.Standin.hex;
import static io.github.aicpulaunch.adapter.cann.Standin.le;
import static io.github.aicpulaunch.adapter.cann.Standin.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
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
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter driven through the ports in the call sequences of PROTOCOL 3.3 (b)-(f) against the
 * {@code full} stand-in (CANN 9.0.0, 48-byte {@code rtAicpuArgsEx_t}), which checks what it
 * receives by CANN's rules and records every call with the bytes it was handed.
 */
class FullVariantContractTest {
  private static final String FP = "17c206da09cc6435";
  private static final String KERNEL_NAME = "DynTileFwkKernelServerInit";
  private static final String SO_NAME = "libaicpu_extend_kernels.so";

  private final Standin standin = Standin.variant("full");
  private CannAdapter adapter;
  private CannPorts ports;

  @TempDir Path tmp;

  @BeforeEach
  void load() {
    adapter = standin.freshAdapter();
    ports = adapter.ports();
  }

  @Test
  void reportsVersionSocLayoutAndEveryCapability() {
    CannReport report = adapter.report();
    assertThat(adapter.isAvailable()).isTrue();
    assertThat(report.version()).contains(new CannVersion(9, 0, 0, "9.0.0"));
    assertThat(report.versionSource()).isEqualTo("aclsysGetVersionStr(\"runtime\")");
    assertThat(report.socName()).isEqualTo("Ascend910_9392");
    assertThat(report.argsLayout()).contains(AicpuArgsLayout.V48);
    assertThat(report.capabilities()).isEqualTo(EnumSet.allOf(Capability.class));
    assertThat(report.missingSymbols()).isEmpty();
    assertThat(report.ascendcl()).contains(standin.home.resolve("lib64/libascendcl.so"));
    assertThat(report.describe()).contains("9.0.0").contains("48 B").contains("Ascend910_9392");
    assertThat(ports.runtime().info().backend()).isEqualTo("cann");
    assertThat(ports.runtime().info().version().text()).isEqualTo("9.0.0");
  }

  @Test
  void deviceQueriesReturnWhatCannAnswers() {
    assertThat(ports.devices().deviceCount()).isEqualTo(2);
    // The stand-in maps logical n to physical 2n (paired dies, F3b).
    assertThat(ports.runtime().physicalDeviceId(1)).hasValue(2);
    // The stand-in applies whole milliseconds: the port returns CANN's value, not the request.
    assertThat(ports.devices().setOpExecuteTimeout(1_500)).isEqualTo(2_000);
    assertThat(standin.calls())
        .containsExactly(
            "aclrtGetDeviceCount rc=0",
            "rtGetDevicePhyIdByIndex devIndex=1 rc=0",
            "aclrtSetOpExecuteTimeOutV2 timeout=1500 rc=0");
  }

  @Test
  @DisplayName("(b) bootstrap: three H2D buffers, a KFC launch with the 304-B blob, sync, frees")
  void bootstrapSequence() {
    byte[] dispatcher = pattern(64, 1);
    byte[] inner = pattern(48, 7);

    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    DevicePtr dDisp = ports.memory().malloc(dispatcher.length);
    ports.memory().copyToDevice(dDisp, ByteBuffer.wrap(dispatcher));
    DevicePtr dInner = ports.memory().malloc(inner.length);
    ports.memory().copyToDevice(dInner, ByteBuffer.wrap(inner));
    // DeviceArgs (PROTOCOL 2.2): aicpu_so_bin@96, aicpu_so_len@104, device_id@112,
    // inner_so_bin@120, inner_so_len@128; 160 B.
    ByteBuffer deviceArgs = le(160);
    deviceArgs.putLong(96, dDisp.address()).putLong(104, dispatcher.length).putLong(112, 0);
    deviceArgs.putLong(120, dInner.address()).putLong(128, inner.length);
    DevicePtr dArgs = ports.memory().malloc(160);
    ports.memory().copyToDevice(dArgs, deviceArgs);
    // Args (PROTOCOL 2.1): device_args_ptr@40, kernel_name[32]@208, so_name[32]@240; 304 B.
    ByteBuffer blob = le(304);
    blob.putLong(40, dArgs.address());
    blob.put(208, KERNEL_NAME.getBytes(StandardCharsets.US_ASCII));
    blob.put(240, SO_NAME.getBytes(StandardCharsets.US_ASCII));
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU_KFC, "AST_DYN_AICPU", 1, new AicpuArgs(blob, 240, 208), stream);
    ports.streams().synchronize(stream);
    ports.memory().free(dArgs);
    ports.memory().free(dInner);
    ports.memory().free(dDisp);

    // rtAicpuArgsEx_t, 48 B (PROTOCOL 2.7): argsSize u32@24, soNameAddrOffset u32@32,
    // kernelNameAddrOffset u32@36, everything else 0 (the args pointer is masked by the stand-in).
    ByteBuffer argsEx = le(48).putInt(24, 304).putInt(32, 240).putInt(36, 208);
    assertThat(standin.calls())
        .containsExactly(
            "rtSetDevice device=0 rc=0",
            "rtStreamCreate priority=0 -> S1 rc=0",
            "aclrtMalloc size=64 policy=0 -> M1 rc=0",
            "aclrtMemcpy kind=1 dst=M1+0 destMax=64 count=64 data=" + hex(dispatcher) + " rc=0",
            "aclrtMalloc size=48 policy=0 -> M2 rc=0",
            "aclrtMemcpy kind=1 dst=M2+0 destMax=48 count=48 data=" + hex(inner) + " rc=0",
            "aclrtMalloc size=160 policy=0 -> M3 rc=0",
            "aclrtMemcpy kind=1 dst=M3+0 destMax=160 count=160 data=" + hex(deviceArgs) + " rc=0",
            "rtAicpuKernelLaunchExWithArgs kernelType=5 opName=AST_DYN_AICPU numBlocks=1 argsEx="
                + hex(argsEx)
                + " args="
                + hex(blob)
                + " soName="
                + SO_NAME
                + " kernelName="
                + KERNEL_NAME
                + " smDesc=null stream=S1 flags=0 rc=0",
            "aclrtSynchronizeStream stream=S1 rc=0",
            "aclrtFree ptr=M3 rc=0",
            "aclrtFree ptr=M2 rc=0",
            "aclrtFree ptr=M1 rc=0");
    assertThat(standin.control.standin_live_allocations()).isZero();
  }

  private Path writeDescriptor(String... symbols) throws IOException {
    StringBuilder json = new StringBuilder("{\n");
    for (int i = 0; i < symbols.length; i++) {
      json.append("  \"")
          .append(symbols[i])
          .append('_')
          .append(FP)
          .append("\": {\n    \"opInfo\": {\n")
          .append("      \"functionName\": \"")
          .append(symbols[i])
          .append("\",\n      \"kernelSo\": \"simpler_inner_")
          .append(FP)
          .append("_0.so\",\n      \"opKernelLib\": \"AICPUKernel\",\n")
          .append("      \"computeCost\": \"100\",\n      \"engine\": \"DNN_VM_AICPU\",\n")
          .append("      \"flagAsync\": \"False\",\n      \"flagPartial\": \"False\",\n")
          .append("      \"userDefined\": \"False\"\n    }\n  }")
          .append(i + 1 < symbols.length ? ",\n" : "\n");
    }
    json.append("}\n");
    Path path = tmp.resolve("simpler_inner_" + FP + "_" + ProcessHandle.current().pid() + ".json");
    Files.writeString(path, json, StandardCharsets.UTF_8);
    return path;
  }

  @Test
  @DisplayName("(c)+(d)+(e) rts-json: load with cpuKernelMode 0, resolve, launch, unload")
  void rtsJsonRegistrationLaunchAndUnload() throws IOException {
    Path json = writeDescriptor("simpler_aicpu_exec", "simpler_aicpu_init");
    byte[] initArgs = pattern(32, 3);
    byte[] kernelArgs = pattern(96, 5);

    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    BinaryHandle bin =
        ports
            .binaries()
            .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    FunctionHandle exec = ports.binaries().functionByName(bin, "simpler_aicpu_exec_" + FP);
    FunctionHandle init = ports.binaries().functionByName(bin, "simpler_aicpu_init_" + FP);
    ports
        .cpuKernels()
        .launchCpuKernel(init, 1, stream, LaunchConfig.none(), ByteBuffer.wrap(initArgs));
    ports.streams().synchronize(stream, 50_000);
    ByteBuffer direct = ByteBuffer.allocateDirect(96).put(kernelArgs).flip();
    ports.cpuKernels().launchCpuKernel(exec, 4, stream, LaunchConfig.none(), direct);
    ports.streams().synchronize(stream, 50_000);
    ports.binaries().unloadBinary(bin);
    ports.streams().destroyStream(stream);

    // rtCpuKernelArgs_t, 72 B (PROTOCOL 2.7): only baseArgs.argsSize@24 is non-zero.
    String cpuArgs32 = hex(le(72).putInt(24, 32));
    String cpuArgs96 = hex(le(72).putInt(24, 96));
    assertThat(standin.calls())
        .containsExactly(
            "rtSetDevice device=0 rc=0",
            "rtStreamCreate priority=0 -> S1 rc=0",
            "rtsBinaryLoadFromFile path="
                + json
                + " numOpt=1 opts=3:0 json="
                + hex(Files.readAllBytes(json))
                + " -> B1 rc=0",
            "rtsFuncGetByName bin=B1 name=simpler_aicpu_exec_" + FP + " -> F1 rc=0",
            "rtsFuncGetByName bin=B1 name=simpler_aicpu_init_" + FP + " -> F2 rc=0",
            "rtsLaunchCpuKernel func=F2 numBlocks=1 stream=S1 attrsPtr=set numAttrs=0 cpuArgs="
                + cpuArgs32
                + " payload="
                + hex(initArgs)
                + " rc=0",
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            "rtsLaunchCpuKernel func=F1 numBlocks=4 stream=S1 attrsPtr=set numAttrs=0 cpuArgs="
                + cpuArgs96
                + " payload="
                + hex(kernelArgs)
                + " rc=0",
            "aclrtSynchronizeStreamWithTimeout stream=S1 timeout=50000 rc=0",
            "rtsBinaryUnload bin=B1 rc=0",
            "rtStreamDestroy stream=S1 rc=0");
  }

  @Test
  void launchAttributesAreWrittenAsRtLaunchKernelAttr() throws IOException {
    Path json = writeDescriptor("simpler_aicpu_exec");
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    BinaryHandle bin =
        ports
            .binaries()
            .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    FunctionHandle exec = ports.binaries().functionByName(bin, "simpler_aicpu_exec_" + FP);
    LaunchConfig config =
        new LaunchConfig(
            List.of(
                new LaunchConfig.Attribute(LaunchConfig.ATTR_TIMEOUT_US, 5_000_000L),
                new LaunchConfig.Attribute(LaunchConfig.ATTR_TIMEOUT, 30)));
    // A payload larger than the initial scratch buffer: the buffer grows, the bytes arrive whole.
    byte[] big = pattern(10_000, 11);
    ports.cpuKernels().launchCpuKernel(exec, 1, stream, config, ByteBuffer.wrap(big));

    // rtLaunchKernelAttr_t, stride 20: id u32@0, value union@4 (PROTOCOL 2.7).
    ByteBuffer attrs = le(40);
    attrs.putInt(0, 8).putLong(4, 5_000_000L).putInt(20, 7).putShort(24, (short) 30);
    String last = standin.calls().get(standin.calls().size() - 1);
    assertThat(last)
        .startsWith("rtsLaunchCpuKernel func=F1 numBlocks=1 stream=S1 attrsPtr=set numAttrs=2 ")
        .contains(" attrs=" + hex(attrs) + " ")
        .contains(" payload=" + hex(big) + " rc=0");
  }

  @Test
  @DisplayName("direct type-2 launch: runtime SO basename and entry name inside the blob")
  void directType2Launch() {
    String so = "simpler_inner_" + FP + "_0.so";
    ByteBuffer blob = le(96 + 64 + 32);
    blob.put(0, pattern(96, 9));
    blob.put(96, so.getBytes(StandardCharsets.US_ASCII));
    blob.put(160, "simpler_aicpu_exec".getBytes(StandardCharsets.US_ASCII));

    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU, "AST_DYN_AICPU", 4, new AicpuArgs(blob, 96, 160), stream);

    String last = standin.calls().get(2);
    assertThat(last)
        .startsWith("rtAicpuKernelLaunchExWithArgs kernelType=2 opName=AST_DYN_AICPU numBlocks=4 ")
        .contains(" argsEx=" + hex(le(48).putInt(24, 192).putInt(32, 96).putInt(36, 160)) + " ")
        .contains(" args=" + hex(blob) + " ")
        .endsWith(
            " soName=" + so + " kernelName=simpler_aicpu_exec smDesc=null stream=S1 flags=0 rc=0");
  }

  @Test
  @DisplayName("(f) abandon after a device failure: force reset, no unload (F17)")
  void abandonAfterDeviceFailure() throws IOException {
    Path json = writeDescriptor("simpler_aicpu_exec");
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    BinaryHandle bin =
        ports
            .binaries()
            .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    FunctionHandle exec = ports.binaries().functionByName(bin, "simpler_aicpu_exec_" + FP);
    ports
        .cpuKernels()
        .launchCpuKernel(exec, 1, stream, LaunchConfig.none(), ByteBuffer.wrap(new byte[96]));
    standin.control.standin_set_rc("aclrtSynchronizeStreamWithTimeout", 507018);

    assertThatThrownBy(() -> ports.streams().synchronize(stream, 50_000))
        .isInstanceOf(CannCallException.DeviceFailure.class);
    ports.devices().resetDeviceForce(0);

    List<String> calls = standin.calls();
    assertThat(calls.get(calls.size() - 1)).isEqualTo("aclrtResetDeviceForce device=0 rc=0");
    assertThat(calls).noneMatch(c -> c.startsWith("rtsBinaryUnload"));
  }

  @Test
  @DisplayName("F21: a failed unload leaves the binary registered; the caller can retry")
  void failedUnloadKeepsTheBinary() throws IOException {
    Path json = writeDescriptor("simpler_aicpu_exec");
    ports.devices().setDevice(0);
    BinaryHandle bin =
        ports
            .binaries()
            .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    standin.control.standin_set_rc("rtsBinaryUnload", 507899);

    assertThatThrownBy(() -> ports.binaries().unloadBinary(bin))
        .isInstanceOf(CannCallException.DevicePoisoned.class);
    ports.binaries().unloadBinary(bin);

    assertThat(standin.calls())
        .endsWith("rtsBinaryUnload bin=B1 rc=507899", "rtsBinaryUnload bin=B1 rc=0");
  }

  @Test
  void deviceMemoryRoundTrip() {
    ports.devices().setDevice(0);
    byte[] data = pattern(300, 13);
    DevicePtr p = ports.memory().malloc(512);
    ports.memory().copyToDevice(p.plus(100), ByteBuffer.wrap(data));
    ByteBuffer back = ByteBuffer.allocate(300);
    ports.memory().copyFromDevice(back, p.plus(100));
    ByteBuffer backDirect = ByteBuffer.allocateDirect(310).position(10);
    ports.memory().copyFromDevice(backDirect, p.plus(100));
    ports.memory().free(p);

    assertThat(back.array()).isEqualTo(data);
    byte[] fromDirect = new byte[300];
    backDirect.get(10, fromDirect);
    assertThat(fromDirect).isEqualTo(data);
    assertThat(back.position()).isZero();
    assertThat(standin.calls().get(3))
        .startsWith("aclrtMemcpy kind=2 src=M1+100 destMax=300 count=300 data=" + hex(data));
  }

  @Test
  @DisplayName("F25: setDevice is idempotent per thread")
  void setDeviceIsIdempotent() {
    ports.devices().setDevice(0);
    ports.devices().setDevice(0);
    ports.memory().malloc(16);

    assertThat(standin.calls())
        .containsExactly("rtSetDevice device=0 rc=0", "aclrtMalloc size=16 policy=0 -> M1 rc=0");
  }

  @Test
  @DisplayName("F25: a thread that never attached is attached before it allocates")
  void unattachedThreadIsAttachedToTheProcessDevice() throws InterruptedException {
    ports.devices().setDevice(0);
    assertThat(onNewThread(() -> ports.memory().malloc(32))).isNull();
    List<String> log = standin.log();
    assertThat(log).hasSize(3);
    String mainTid = tid(log.get(0));
    String workerTid = tid(log.get(1));
    assertThat(workerTid).isNotEqualTo(mainTid);
    assertThat(log.get(1)).isEqualTo("rtSetDevice tid=" + workerTid + " device=0 rc=0");
    assertThat(log.get(2)).startsWith("aclrtMalloc tid=" + workerTid + " size=32");
  }

  @Test
  @DisplayName("F25: with no device set anywhere, CANN's 107002 reaches the caller")
  void noDeviceAnywhereSurfaces107002() throws InterruptedException {
    // A thread CANN has never seen, in an adapter that never set a device.
    assertThat(onNewThread(() -> ports.memory().malloc(16)))
        .isInstanceOfSatisfying(
            CannCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(107002);
              assertThat(e.function()).isEqualTo("aclrtMalloc");
              assertThat(e.cannName()).isEqualTo("ACL_ERROR_RT_CONTEXT_NULL");
              assertThat(e.recentErrorMessage())
                  .hasValue("EE9999: stand-in: thread never called rtSetDevice");
            });
  }

  @Test
  @DisplayName("after a reset, the next call attaches the thread again")
  void resetInvalidatesTheAttachment() {
    ports.devices().setDevice(0);
    ports.devices().resetDevice(0);
    ports.memory().malloc(8);

    assertThat(standin.calls())
        .containsExactly(
            "rtSetDevice device=0 rc=0",
            "aclrtResetDevice device=0 rc=0",
            "rtSetDevice device=0 rc=0",
            "aclrtMalloc size=8 policy=0 -> M1 rc=0");
  }

  /** Runs {@code work} on a thread CANN has never seen; returns what it threw, or null. */
  private static Throwable onNewThread(Runnable work) throws InterruptedException {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread worker =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (Throwable t) {
                failure.set(t);
              }
            });
    worker.start();
    worker.join();
    return failure.get();
  }

  private static String tid(String line) {
    return line.replaceFirst("^\\S+ tid=(\\d+).*$", "$1");
  }
}
