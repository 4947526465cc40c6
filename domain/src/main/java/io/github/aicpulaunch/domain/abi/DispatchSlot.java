package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * The dispatch-through slot in DeviceArgs bytes 136–159 (docs/ABI.md "Dispatch-through request"),
 * which upstream hosts leave zero: {@code request_magic} u32 at 136 ({@code "DSP1"}), {@code
 * request_size} u32 at 140 ({@link DispatchRequest#SIZE}), {@code request_addr} u64 at 144, {@code
 * request_reserved} u64 at 152 (0). Written over an encoded {@link DeviceArgs}.
 *
 * @param requestAddr device address of the {@link DispatchRequest}; not 0
 */
public record DispatchSlot(long requestAddr) {
  public static final int OFFSET_REQUEST_MAGIC = 136;
  public static final int OFFSET_REQUEST_SIZE = 140;
  public static final int OFFSET_REQUEST_ADDR = 144;
  public static final int OFFSET_REQUEST_RESERVED = 152;

  /** {@code 0x31505344}: the bytes {@code "DSP1"} read as a little-endian u32. */
  public static final int REQUEST_MAGIC = 0x31505344;

  public DispatchSlot {
    if (requestAddr == 0) {
      throw new IllegalArgumentException("DispatchSlot.requestAddr is 0; that means no request");
    }
  }

  /** DeviceArgs for a dispatch-through launch: only {@code device_id} and this slot are set. */
  public ByteBuffer encodeDeviceArgs(long deviceId) {
    ByteBuffer b = new DeviceArgs(0, 0, deviceId, 0, 0).encode();
    writeInto(b, 0);
    return b;
  }

  /** Writes the slot into the DeviceArgs encoded at {@code at} in {@code deviceArgs}. */
  public void writeInto(ByteBuffer deviceArgs, int at) {
    if (deviceArgs.capacity() < at + DeviceArgs.SIZE) {
      throw new IllegalArgumentException("the buffer holds no whole DeviceArgs at " + at);
    }
    AbiBytes.putU32(deviceArgs, at + OFFSET_REQUEST_MAGIC, REQUEST_MAGIC & 0xFFFF_FFFFL);
    AbiBytes.putU32(deviceArgs, at + OFFSET_REQUEST_SIZE, DispatchRequest.SIZE);
    AbiBytes.putU64(deviceArgs, at + OFFSET_REQUEST_ADDR, requestAddr);
    AbiBytes.putU64(deviceArgs, at + OFFSET_REQUEST_RESERVED, 0);
  }
}
