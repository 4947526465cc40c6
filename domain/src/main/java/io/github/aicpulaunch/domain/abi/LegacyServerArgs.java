package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * {@code struct aicpu_legacy_server_args} (docs/ABI.md "Legacy KFC launch"): the 304-byte blob of a
 * {@code legacy-kfc} task launch. It has the {@link BootstrapArgs} shape (PROTOCOL §2.1), with
 * kernel name {@code DynTileFwkKernelServer}; CANN's KFC library hands its device copy unchanged to
 * the latched runtime SO's {@code DynTileFwkBackendKernelServer(void *args)}, which finds its
 * payload through the pointer at 40 and the length at 48.
 *
 * @param payloadAddr {@code payload_addr} at 40 (the slot of {@code device_args_ptr}): device
 *     address of the task payload; not 0
 * @param payloadLen {@code payload_len} at 48 (the first word of {@code k_args.pad}): 1..{@link
 *     #MAX_PAYLOAD}
 */
public record LegacyServerArgs(long payloadAddr, long payloadLen) {
  public static final int SIZE = BootstrapArgs.SIZE;
  public static final int OFFSET_PAYLOAD_ADDR = BootstrapArgs.OFFSET_DEVICE_ARGS_PTR;
  public static final int OFFSET_PAYLOAD_LEN = 48;
  public static final int OFFSET_KERNEL_NAME = BootstrapArgs.OFFSET_KERNEL_NAME;
  public static final int OFFSET_SO_NAME = BootstrapArgs.OFFSET_SO_NAME;
  public static final int OFFSET_OP_NAME = BootstrapArgs.OFFSET_OP_NAME;

  /** The CANN-side KFC entry that forwards to {@code DynTileFwkBackendKernelServer}. */
  public static final String KERNEL_NAME = "DynTileFwkKernelServer";

  /** The largest payload (the host's {@code LaunchCommand.MAX_PAYLOAD}). */
  public static final int MAX_PAYLOAD = 65536;

  private static final String NAME = "LegacyServerArgs";

  public LegacyServerArgs {
    if (payloadAddr == 0) {
      throw new IllegalArgumentException(NAME + ".payloadAddr is 0; the runtime refuses it");
    }
    checkPayloadLen(payloadLen);
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} bytes, position 0, limit SIZE. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /** Writes the {@link #SIZE} bytes at {@code dst}'s position and advances it by SIZE. */
  public void encodeInto(ByteBuffer dst) {
    int at = AbiBytes.claim(dst, SIZE, NAME);
    AbiBytes.putU64(dst, at + OFFSET_PAYLOAD_ADDR, payloadAddr);
    AbiBytes.putU64(dst, at + OFFSET_PAYLOAD_LEN, payloadLen);
    AbiBytes.putName(dst, at + OFFSET_KERNEL_NAME, KERNEL_NAME);
    AbiBytes.putName(dst, at + OFFSET_SO_NAME, BootstrapArgs.DISPATCHER_SO_NAME);
    AbiBytes.putName(dst, at + OFFSET_OP_NAME, "");
  }

  /**
   * Rewrites {@code payload_len} of an encoded blob in place (absolute, position unchanged): the
   * per-launch part of a blob whose other fields were encoded once.
   */
  public static void patchPayloadLen(ByteBuffer encoded, int at, long payloadLen) {
    checkPayloadLen(payloadLen);
    AbiBytes.putU64(encoded, at + OFFSET_PAYLOAD_LEN, payloadLen);
  }

  /**
   * Reads {@link #SIZE} bytes from {@code src}'s position; refuses a blob whose names are not the
   * legacy server launch's.
   */
  public static LegacyServerArgs decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at -> {
          String kernel =
              AbiBytes.getName(
                  src,
                  at + OFFSET_KERNEL_NAME,
                  BootstrapArgs.NAME_FIELD_SIZE,
                  NAME + ".kernelName");
          String so =
              AbiBytes.getName(
                  src, at + OFFSET_SO_NAME, BootstrapArgs.NAME_FIELD_SIZE, NAME + ".soName");
          if (!kernel.equals(KERNEL_NAME) || !so.equals(BootstrapArgs.DISPATCHER_SO_NAME)) {
            throw new IllegalArgumentException(
                NAME + " names " + so + "/" + kernel + ", not the legacy server launch");
          }
          return new LegacyServerArgs(
              AbiBytes.getU64(src, at + OFFSET_PAYLOAD_ADDR),
              AbiBytes.getU64(src, at + OFFSET_PAYLOAD_LEN));
        });
  }

  private static void checkPayloadLen(long payloadLen) {
    if (payloadLen < 1 || payloadLen > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          NAME + ".payloadLen must be 1.." + MAX_PAYLOAD + ", was " + payloadLen);
    }
  }
}
