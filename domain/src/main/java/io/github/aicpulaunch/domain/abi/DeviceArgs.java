package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * The 160-byte extended bootstrap {@code DeviceArgs} (PROTOCOL 2.2), written by the host into
 * device memory and read by {@code libaicpu_extend_kernels} (dispatcher SO at 96/104) and by the
 * dispatcher (device id and runtime SO at 112/120/128). Offsets 0..95 and 136..159 stay zero.
 *
 * <p>These five offsets are the private host/device contract F11 is about: the dispatcher asserts
 * them with {@code static_assert}, the golden file {@code testdata/abi/device_args.bin} pins them
 * here.
 *
 * @param aicpuSoBin device address of the dispatcher SO bytes
 * @param aicpuSoLen dispatcher SO length in bytes, not negative
 * @param deviceId the device id the dispatcher puts in the preinstall file name, not negative
 * @param innerSoBin device address of the runtime SO bytes
 * @param innerSoLen runtime SO length in bytes, not negative
 */
public record DeviceArgs(
    long aicpuSoBin, long aicpuSoLen, long deviceId, long innerSoBin, long innerSoLen) {
  public static final int SIZE = 160;
  public static final int OFFSET_AICPU_SO_BIN = 96;
  public static final int OFFSET_AICPU_SO_LEN = 104;
  public static final int OFFSET_DEVICE_ID = 112;
  public static final int OFFSET_INNER_SO_BIN = 120;
  public static final int OFFSET_INNER_SO_LEN = 128;

  private static final String NAME = "DeviceArgs";

  public DeviceArgs {
    AbiBytes.checkNonNegative(NAME + ".aicpuSoLen", aicpuSoLen, "uint64_t");
    AbiBytes.checkNonNegative(NAME + ".deviceId", deviceId, "uint64_t");
    AbiBytes.checkNonNegative(NAME + ".innerSoLen", innerSoLen, "uint64_t");
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} bytes, position 0, limit SIZE. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /**
   * Writes the {@link #SIZE} bytes at {@code dst}'s position and advances it by SIZE (see the
   * package documentation for the buffer contract). Allocation-free.
   */
  public void encodeInto(ByteBuffer dst) {
    int at = AbiBytes.claim(dst, SIZE, NAME);
    AbiBytes.putU64(dst, at + OFFSET_AICPU_SO_BIN, aicpuSoBin);
    AbiBytes.putU64(dst, at + OFFSET_AICPU_SO_LEN, aicpuSoLen);
    AbiBytes.putU64(dst, at + OFFSET_DEVICE_ID, deviceId);
    AbiBytes.putU64(dst, at + OFFSET_INNER_SO_BIN, innerSoBin);
    AbiBytes.putU64(dst, at + OFFSET_INNER_SO_LEN, innerSoLen);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position; unused slots are not inspected. */
  public static DeviceArgs decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new DeviceArgs(
                AbiBytes.getU64(src, at + OFFSET_AICPU_SO_BIN),
                AbiBytes.getU64(src, at + OFFSET_AICPU_SO_LEN),
                AbiBytes.getU64(src, at + OFFSET_DEVICE_ID),
                AbiBytes.getU64(src, at + OFFSET_INNER_SO_BIN),
                AbiBytes.getU64(src, at + OFFSET_INNER_SO_LEN)));
  }
}
