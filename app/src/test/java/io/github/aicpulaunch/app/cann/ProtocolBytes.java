package io.github.aicpulaunch.app.cann;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Expected bytes typed from PROTOCOL.md and docs/ABI.md (offsets, sizes, fixed strings), never
 * produced by the domain's encoders under test. Where a value is a device address only the stand-in
 * knows, the caller passes the one it observed and checks it separately.
 */
final class ProtocolBytes {
  /** §3.2: opName of every rtAicpuKernelLaunchExWithArgs call. */
  static final String OP_NAME = "AST_DYN_AICPU";

  /** §3.2: the bootstrap's kernel_name. */
  static final String INIT_KERNEL = "DynTileFwkKernelServerInit";

  /** §3.2: the legacy per-task (and dispatch-through) kernel_name. */
  static final String SERVER_KERNEL = "DynTileFwkKernelServer";

  /** §3.2: so_name of the Mode A blob. */
  static final String EXTEND_SO = "libaicpu_extend_kernels.so";

  /** §2.7 rtKernelType_t. */
  static final int KERNEL_TYPE_AICPU = 2;

  static final int KERNEL_TYPE_AICPU_KFC = 5;

  /** TimeoutChain.DEFAULT: scheduler 10 s, op-execute 45 s, stream sync 50 s. */
  static final long OP_EXECUTE_MICROS = 45_000_000L;

  static final int STREAM_SYNC_MILLIS = 50_000;
  static final int SCHEDULER_MILLIS = 10_000;

  private ProtocolBytes() {}

  static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  static String hex(ByteBuffer b) {
    return HexFormat.of().formatHex(b.array(), b.arrayOffset(), b.arrayOffset() + b.capacity());
  }

  static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * §2.2 extended DeviceArgs, 160 B: aicpu_so_bin@96, aicpu_so_len@104, device_id@112,
   * inner_so_bin@120, inner_so_len@128, everything else 0.
   */
  static ByteBuffer deviceArgs(
      long soBin, long soLen, long deviceId, long innerBin, long innerLen) {
    return le(160)
        .putLong(96, soBin)
        .putLong(104, soLen)
        .putLong(112, deviceId)
        .putLong(120, innerBin)
        .putLong(128, innerLen);
  }

  /**
   * docs/ABI.md "Dispatch-through request": DeviceArgs with device_id@112 and the request slot:
   * request_magic u32@136 = "DSP1", request_size u32@140 = 96, request_addr u64@144.
   */
  static ByteBuffer dispatchDeviceArgs(long deviceId, long requestAddr) {
    ByteBuffer b = deviceArgs(0, 0, deviceId, 0, 0);
    b.put(136, ascii("DSP1")).putInt(140, 96).putLong(144, requestAddr);
    return b;
  }

  /**
   * docs/ABI.md: the 96-byte request: fingerprint u64@0, payload_addr u64@8, payload_len u64@16,
   * reserved@24, entry char[64]@32.
   */
  static ByteBuffer dispatchRequest(long fingerprint, long payloadAddr, long len, String entry) {
    return le(96)
        .putLong(0, fingerprint)
        .putLong(8, payloadAddr)
        .putLong(16, len)
        .put(32, ascii(entry));
  }

  /**
   * §2.1 bootstrap blob, 304 B: device_args_ptr@40, kernel_name[32]@208, so_name[32]@240 ({@value
   * #EXTEND_SO}), op_name[32]@272 empty.
   */
  static ByteBuffer kfcBlob(long deviceArgsPtr, String kernelName) {
    return le(304)
        .putLong(40, deviceArgsPtr)
        .put(208, ascii(kernelName))
        .put(240, ascii(EXTEND_SO));
  }

  /**
   * §2.7 rtAicpuArgsEx_t with the args pointer masked (the stand-in zeroes it): 48 B from CANN 8.5
   * (argsSize u32@24, soNameAddrOffset u32@32, kernelNameAddrOffset u32@36) or 40 B before it (name
   * offsets u16@32 and u16@34).
   */
  static ByteBuffer argsEx(int layout, int argsSize, int soOffset, int kernelOffset) {
    ByteBuffer b = le(layout).putInt(24, argsSize);
    if (layout == 48) {
      b.putInt(32, soOffset).putInt(36, kernelOffset);
    } else {
      b.putShort(32, (short) soOffset).putShort(34, (short) kernelOffset);
    }
    return b;
  }

  /**
   * §2.7 rtCpuKernelArgs_t (layout + 24 B) of a per-task launch: only baseArgs.argsSize@24 is set;
   * the name offsets stay 0 so CANN uses the registered names.
   */
  static ByteBuffer cpuArgs(int layout, int argsSize) {
    return le(layout + 24).putInt(24, argsSize);
  }

  /**
   * §2.4 InitArgs, 32 B: device_id u32@0, log_level u32@4 (default 25), scheduler_timeout_ms i32@8,
   * dma_workspace_addr[2]@16 = 0.
   */
  static ByteBuffer initArgs(int deviceId) {
    return le(32).putInt(0, deviceId).putInt(4, 25).putInt(8, SCHEDULER_MILLIS);
  }

  /** A direct (Mode A type 2) blob: payload, then the SO name and the entry, NUL-terminated. */
  static ByteBuffer namedBlob(ByteBuffer payload, String soName, String entry) {
    int size = payload.capacity() + soName.length() + 1 + entry.length() + 1;
    ByteBuffer b = le(size).put(0, payload.array(), 0, payload.capacity());
    b.put(payload.capacity(), ascii(soName));
    b.put(payload.capacity() + soName.length() + 1, ascii(entry));
    return b;
  }
}
