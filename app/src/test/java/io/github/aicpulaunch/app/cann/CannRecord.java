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
import org.jspecify.annotations.Nullable;

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

  /**
   * The registration probe of the rts JSON loader, once per device and process before the policy
   * picks rts-json on its own: a one-op descriptor loaded, resolved and unloaded, nothing launched.
   */
  static final List<String> PROBE =
      List.of("rtsBinaryLoadFromFile", "rtsFuncGetByName", "rtsBinaryUnload");

  /** §3.3 (a) legacy bootstrap: the runtime SO itself is the SO the extend library loads. */
  static final List<String> LEGACY_BOOTSTRAP =
      List.of(
          "aclrtMalloc",
          "aclrtMemcpy",
          "aclrtMalloc",
          "aclrtMemcpy",
          "rtAicpuKernelLaunchExWithArgs",
          "aclrtSynchronizeStream",
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
   * The KFC bootstrap starting at {@code calls[at]} (§3.3 (b)): {@code kfcSo} (the SO CANN's extend
   * library loads) and {@code innerSo} (none for legacy-kfc) uploaded as given, the 160-byte
   * DeviceArgs pointing at them with {@code device_id} = the physical id, the 304-byte blob
   * pointing at the DeviceArgs, launched as KFC with one block on S1 in the {@code layout}-byte
   * rtAicpuArgsEx_t, a plain sync, and every buffer freed, last allocated first.
   */
  static void assertBootstrap(
      List<StandinCall> calls,
      int at,
      int layout,
      int physical,
      byte[] kfcSo,
      byte @Nullable [] innerSo) {
    int i = at;
    String kfc = assertUpload(calls, i, kfcSo);
    i += 2;
    String inner = null;
    if (innerSo != null) {
      inner = assertUpload(calls, i, innerSo);
      i += 2;
    }
    String args = calls.get(i).out();
    assertThat(calls.get(i).text()).isEqualTo("aclrtMalloc size=160 policy=0 -> " + args + " rc=0");
    // The device addresses are the stand-in's; PROTOCOL fixes everything around them.
    ByteBuffer deviceArgs = calls.get(i + 1).bytes("data");
    long kfcAddr = deviceArgs.getLong(96);
    long innerAddr = deviceArgs.getLong(120);
    int innerLength = innerSo == null ? 0 : innerSo.length;
    assertThat(calls.get(i + 1).text())
        .isEqualTo(
            h2d(
                args,
                160,
                hex(
                    ProtocolBytes.deviceArgs(
                        kfcAddr, kfcSo.length, physical, innerAddr, innerLength))));
    StandinCall launch = calls.get(i + 2);
    long deviceArgsAddr = launch.bytes("args").getLong(40);
    List<Long> addresses =
        innerSo == null
            ? List.of(kfcAddr, deviceArgsAddr)
            : List.of(kfcAddr, innerAddr, deviceArgsAddr);
    assertThat(addresses).doesNotContain(0L).doesNotHaveDuplicates();
    assertThat(innerSo != null || innerAddr == 0).as("inner_so_bin without an inner SO").isTrue();
    assertThat(launch.text())
        .isEqualTo(kfcLaunch(layout, deviceArgsAddr, ProtocolBytes.INIT_KERNEL, 1));
    List<String> tail = new ArrayList<>();
    tail.add("aclrtSynchronizeStream stream=S1 rc=0");
    tail.add("aclrtFree ptr=" + args + " rc=0");
    if (inner != null) {
      tail.add("aclrtFree ptr=" + inner + " rc=0");
    }
    tail.add("aclrtFree ptr=" + kfc + " rc=0");
    assertThat(texts(calls.subList(i + 3, i + 3 + tail.size()))).containsExactlyElementsOf(tail);
    assertThat(inner == null ? List.of(kfc, args) : List.of(kfc, inner, args))
        .doesNotHaveDuplicates();
  }

  /** {@code aclrtMalloc(len)} then an H2D copy of exactly {@code bytes}; the allocation's name. */
  private static String assertUpload(List<StandinCall> calls, int at, byte[] bytes) {
    String mem = calls.get(at).out();
    assertThat(texts(calls.subList(at, at + 2)))
        .containsExactly(
            "aclrtMalloc size=" + bytes.length + " policy=0 -> " + mem + " rc=0",
            h2d(mem, bytes.length, hex(bytes)));
    return mem;
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
