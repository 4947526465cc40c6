package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * The dispatch-through slot in DeviceArgs bytes 136–159 (docs/ABI.md "Dispatch-through request"),
 * which upstream hosts leave zero: {@code request_magic} u32 at 136 ({@code "DSP1"}), {@code
 * request_size} u32 at 140 ({@link DispatchRequest#SIZE}), {@code request_addr} u64 at 144, {@code
 * request_reserved} u64 at 152 (0). As a 24-byte structure of its own ({@link #SIZE}, field offsets
 * relative to {@link #OFFSET_IN_DEVICE_ARGS}) it is encoded and decoded like the other layouts;
 * {@link #writeInto} and {@link #encodeDeviceArgs} place it inside a DeviceArgs.
 *
 * @param requestAddr device address of the {@link DispatchRequest}; not 0
 */
public record DispatchSlot(long requestAddr) {
  /** Size of the slot: DeviceArgs bytes 136–159. */
  public static final int SIZE = 24;

  /** Where the slot starts inside the 160-byte DeviceArgs. */
  public static final int OFFSET_IN_DEVICE_ARGS = 136;

  public static final int OFFSET_REQUEST_MAGIC = 136;
  public static final int OFFSET_REQUEST_SIZE = 140;
  public static final int OFFSET_REQUEST_ADDR = 144;
  public static final int OFFSET_REQUEST_RESERVED = 152;

  /** {@code 0x31505344}: the bytes {@code "DSP1"} read as a little-endian u32. */
  public static final int REQUEST_MAGIC = 0x31505344;

  private static final String NAME = "DispatchSlot";

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
    put(deviceArgs, at + OFFSET_IN_DEVICE_ARGS);
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} slot bytes, position 0. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /** Writes the {@link #SIZE} slot bytes at {@code dst}'s position and advances it by SIZE. */
  public void encodeInto(ByteBuffer dst) {
    put(dst, AbiBytes.claim(dst, SIZE, NAME));
  }

  /**
   * Reads the {@link #SIZE} slot bytes at {@code src}'s position; refuses a slot that holds no
   * request (magic 0), another magic or size, or a non-zero reserved word, as the dispatcher does.
   */
  public static DispatchSlot decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at -> {
          long magic = AbiBytes.getU32(src, at + OFFSET_REQUEST_MAGIC - OFFSET_IN_DEVICE_ARGS);
          long size = AbiBytes.getU32(src, at + OFFSET_REQUEST_SIZE - OFFSET_IN_DEVICE_ARGS);
          long reserved =
              AbiBytes.getU64(src, at + OFFSET_REQUEST_RESERVED - OFFSET_IN_DEVICE_ARGS);
          if (magic != (REQUEST_MAGIC & 0xFFFF_FFFFL)
              || size != DispatchRequest.SIZE
              || reserved != 0) {
            throw new IllegalArgumentException(
                String.format(
                    "%s holds magic 0x%08x, size %d, reserved 0x%x; a request needs \"DSP1\","
                        + " %d and 0",
                    NAME, magic, size, reserved, DispatchRequest.SIZE));
          }
          return new DispatchSlot(
              AbiBytes.getU64(src, at + OFFSET_REQUEST_ADDR - OFFSET_IN_DEVICE_ARGS));
        });
  }

  /** The four fields, the slot starting at {@code base} (absolute; position unchanged). */
  private void put(ByteBuffer b, int base) {
    AbiBytes.putU32(b, base, REQUEST_MAGIC & 0xFFFF_FFFFL);
    AbiBytes.putU32(b, base + OFFSET_REQUEST_SIZE - OFFSET_IN_DEVICE_ARGS, DispatchRequest.SIZE);
    AbiBytes.putU64(b, base + OFFSET_REQUEST_ADDR - OFFSET_IN_DEVICE_ARGS, requestAddr);
    AbiBytes.putU64(b, base + OFFSET_REQUEST_RESERVED - OFFSET_IN_DEVICE_ARGS, 0);
  }
}
