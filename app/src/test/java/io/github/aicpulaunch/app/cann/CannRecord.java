package io.github.aicpulaunch.app.cann;

import static io.github.aicpulaunch.app.cann.ProtocolBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.app.TestSos;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the stand-in's record must show for the parts every CANN session shares: the open prologue
 * and the dispatcher-upload bootstrap of PROTOCOL §3.3 (b), checked call by call and byte by byte.
 */
final class CannRecord {
  /** Session open: physical id (F3b), attach, op-execute watchdog, the session's stream. */
  static final List<String> OPEN =
      List.of(
          "rtGetDevicePhyIdByIndex", "rtSetDevice", "aclrtSetOpExecuteTimeOutV2", "rtStreamCreate");

  /** §3.3 (b) steps 4–10: three H2D buffers, the KFC launch, the sync, frees in reverse. */
  static final List<String> BOOTSTRAP =
      List.of(
          "aclrtMalloc",
          "aclrtMemcpy",
          "aclrtMalloc",
          "aclrtMemcpy",
          "aclrtMalloc",
          "aclrtMemcpy",
          "rtAicpuKernelLaunchExWithArgs",
          "aclrtSynchronizeStream",
          "aclrtFree",
          "aclrtFree",
          "aclrtFree");

  private CannRecord() {}

  /** The function names of {@code calls}, in order. */
  static List<String> functions(List<StandinCall> calls) {
    return calls.stream().map(StandinCall::function).toList();
  }

  @SafeVarargs
  static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    Stream.of(parts).forEach(all::addAll);
    return all;
  }

  static List<String> times(int n, List<String> part) {
    List<String> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.addAll(part);
    }
    return all;
  }

  /** The aarch64 build of a packaged SO: a CANN backend's device is an AICPU. */
  static Path aarch64(Path dir, String name) throws IOException {
    return TestSos.packaged(dir, "linux-aarch64", name);
  }

  static byte[] aarch64Bytes(String name) throws IOException {
    try (InputStream in = CannRecord.class.getResourceAsStream("/linux-aarch64/" + name)) {
      assertThat(in).as("resource linux-aarch64/%s from dispatcher-c", name).isNotNull();
      return in.readAllBytes();
    }
  }

  /**
   * A 32-byte payload in the vector runtime's exec shape ({@code a, b, out, count}); the stand-in
   * runs no kernel, so only the bytes matter.
   */
  static ByteBuffer execPayload(long address) {
    return ProtocolBytes.le(32)
        .putLong(0, address)
        .putLong(8, address)
        .putLong(16, address)
        .putLong(24, 64);
  }

  /** The record lines without thread numbers, for exact comparisons. */
  static List<String> texts(List<StandinCall> calls) {
    return calls.stream().map(StandinCall::text).toList();
  }

  /** The open prologue at {@code calls[0..3]}: logical {@code device}, default timeouts. */
  static void assertOpen(List<StandinCall> calls, int device) {
    assertThat(texts(calls.subList(0, 4)))
        .containsExactly(
            "rtGetDevicePhyIdByIndex devIndex=" + device + " rc=0",
            "rtSetDevice device=" + device + " rc=0",
            "aclrtSetOpExecuteTimeOutV2 timeout=" + ProtocolBytes.OP_EXECUTE_MICROS + " rc=0",
            "rtStreamCreate priority=0 -> S1 rc=0");
  }

  /**
   * The KFC bootstrap at {@code calls[at..at+10]} (§3.3 (b)): {@code kfcSo} (the SO CANN's extend
   * library loads) and {@code innerSo} uploaded as given, the 160-byte DeviceArgs pointing at them
   * with {@code device_id} = the physical id, the 304-byte blob pointing at the DeviceArgs,
   * launched as KFC with one block on S1 in the {@code layout}-byte rtAicpuArgsEx_t, a plain sync,
   * and every buffer freed, last allocated first.
   */
  static void assertBootstrap(
      List<StandinCall> calls, int at, int layout, int physical, byte[] kfcSo, byte[] innerSo) {
    StandinCall kfcAlloc = calls.get(at);
    StandinCall innerAlloc = calls.get(at + 2);
    StandinCall argsAlloc = calls.get(at + 4);
    String kfc = kfcAlloc.out();
    String inner = innerAlloc.out();
    String args = argsAlloc.out();
    assertThat(List.of(kfc, inner, args)).doesNotHaveDuplicates();
    assertThat(texts(List.of(kfcAlloc, calls.get(at + 1), innerAlloc, calls.get(at + 3))))
        .containsExactly(
            "aclrtMalloc size=" + kfcSo.length + " policy=0 -> " + kfc + " rc=0",
            h2d(kfc, kfcSo.length, hex(kfcSo)),
            "aclrtMalloc size=" + innerSo.length + " policy=0 -> " + inner + " rc=0",
            h2d(inner, innerSo.length, hex(innerSo)));
    assertThat(argsAlloc.text()).isEqualTo("aclrtMalloc size=160 policy=0 -> " + args + " rc=0");

    // The device addresses are the stand-in's; PROTOCOL fixes everything around them.
    ByteBuffer deviceArgs = calls.get(at + 5).bytes("data");
    long kfcAddr = deviceArgs.getLong(96);
    long innerAddr = deviceArgs.getLong(120);
    assertThat(calls.get(at + 5).text())
        .isEqualTo(
            h2d(
                args,
                160,
                hex(
                    ProtocolBytes.deviceArgs(
                        kfcAddr, kfcSo.length, physical, innerAddr, innerSo.length))));
    StandinCall launch = calls.get(at + 6);
    long deviceArgsAddr = launch.bytes("args").getLong(40);
    assertThat(List.of(kfcAddr, innerAddr, deviceArgsAddr))
        .doesNotContain(0L)
        .doesNotHaveDuplicates();
    assertThat(launch.text())
        .isEqualTo(kfcLaunch(layout, deviceArgsAddr, ProtocolBytes.INIT_KERNEL, 1));
    assertThat(texts(calls.subList(at + 7, at + 11)))
        .containsExactly(
            "aclrtSynchronizeStream stream=S1 rc=0",
            "aclrtFree ptr=" + args + " rc=0",
            "aclrtFree ptr=" + inner + " rc=0",
            "aclrtFree ptr=" + kfc + " rc=0");
  }

  /**
   * A KFC launch (type 5) of {@code kernel} in {@value ProtocolBytes#EXTEND_SO} on S1, its 304-byte
   * blob pointing at {@code deviceArgs}: the bootstrap, a dispatch-through or a legacy launch.
   */
  static String kfcLaunch(int layout, long deviceArgs, String kernel, int blocks) {
    return "rtAicpuKernelLaunchExWithArgs kernelType="
        + ProtocolBytes.KERNEL_TYPE_AICPU_KFC
        + " opName="
        + ProtocolBytes.OP_NAME
        + " numBlocks="
        + blocks
        + " argsEx="
        + hex(ProtocolBytes.argsEx(layout, 304, 240, 208))
        + " args="
        + hex(ProtocolBytes.kfcBlob(deviceArgs, kernel))
        + " soName="
        + ProtocolBytes.EXTEND_SO
        + " kernelName="
        + kernel
        + " smDesc=null stream=S1 flags=0 rc=0";
  }

  /**
   * A Mode A type-2 launch on S1 (direct-aicpu): the blob is the payload followed by the SO's
   * basename and the entry, each NUL-terminated, the two offsets pointing at them.
   */
  static String namedLaunch(int layout, ByteBuffer payload, String so, String entry, int blocks) {
    int soOffset = payload.capacity();
    int kernelOffset = soOffset + so.length() + 1;
    ByteBuffer blob = ProtocolBytes.namedBlob(payload, so, entry);
    return "rtAicpuKernelLaunchExWithArgs kernelType="
        + ProtocolBytes.KERNEL_TYPE_AICPU
        + " opName="
        + ProtocolBytes.OP_NAME
        + " numBlocks="
        + blocks
        + " argsEx="
        + hex(ProtocolBytes.argsEx(layout, blob.capacity(), soOffset, kernelOffset))
        + " args="
        + hex(blob)
        + " soName="
        + so
        + " kernelName="
        + entry
        + " smDesc=null stream=S1 flags=0 rc=0";
  }

  /** An H2D copy of {@code count} bytes to the start of allocation {@code mem}. */
  static String h2d(String mem, int count, String hexData) {
    return "aclrtMemcpy kind=1 dst="
        + mem
        + "+0 destMax="
        + count
        + " count="
        + count
        + " data="
        + hexData
        + " rc=0";
  }
}
