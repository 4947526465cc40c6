package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * {@code struct aicpu_dispatch_request} (docs/ABI.md "Dispatch-through request"): the 96-byte
 * request in device memory that the dispatcher's server entry forwards to one entry of one
 * published runtime SO. Found through {@link DispatchSlot} in DeviceArgs bytes 136–159.
 *
 * @param fingerprint the runtime SO's fingerprint, as in its preinstall file name
 * @param payloadAddr device address handed to the entry as its only argument; not 0
 * @param payloadLen payload length, 1..{@link #MAX_PAYLOAD}; checked by the dispatcher, not copied
 * @param entry the entry to call: a C identifier of 1..63 characters
 */
public record DispatchRequest(long fingerprint, long payloadAddr, long payloadLen, String entry) {
  public static final int SIZE = 96;
  public static final int OFFSET_FINGERPRINT = 0;
  public static final int OFFSET_PAYLOAD_ADDR = 8;
  public static final int OFFSET_PAYLOAD_LEN = 16;
  public static final int OFFSET_RESERVED = 24;
  public static final int OFFSET_ENTRY = 32;
  public static final int ENTRY_FIELD_SIZE = 64;

  /** The largest payload the dispatcher accepts (the host's {@code LaunchCommand.MAX_PAYLOAD}). */
  public static final int MAX_PAYLOAD = 65536;

  private static final String NAME = "DispatchRequest";
  private static final Pattern C_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  public DispatchRequest {
    if (payloadAddr == 0) {
      throw new IllegalArgumentException(NAME + ".payloadAddr is 0; the dispatcher refuses it");
    }
    checkPayloadLen(payloadLen);
    AbiBytes.checkName(NAME + ".entry", entry, ENTRY_FIELD_SIZE);
    if (!C_IDENTIFIER.matcher(entry).matches()) {
      throw new IllegalArgumentException(
          NAME + ".entry '" + entry + "' is not a C identifier; the dispatcher refuses it");
    }
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} bytes, position 0, limit SIZE. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /** Writes the {@link #SIZE} bytes at {@code dst}'s position and advances it by SIZE. */
  public void encodeInto(ByteBuffer dst) {
    int at = AbiBytes.claim(dst, SIZE, NAME);
    AbiBytes.putU64(dst, at + OFFSET_FINGERPRINT, fingerprint);
    AbiBytes.putU64(dst, at + OFFSET_PAYLOAD_ADDR, payloadAddr);
    AbiBytes.putU64(dst, at + OFFSET_PAYLOAD_LEN, payloadLen);
    AbiBytes.putName(dst, at + OFFSET_ENTRY, entry);
  }

  /**
   * Rewrites {@code payload_len} of an encoded request in place (absolute, position unchanged): the
   * per-launch part of a request whose other fields were encoded once.
   */
  public static void patchPayloadLen(ByteBuffer encoded, int at, long payloadLen) {
    checkPayloadLen(payloadLen);
    AbiBytes.putU64(encoded, at + OFFSET_PAYLOAD_LEN, payloadLen);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position. */
  public static DispatchRequest decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new DispatchRequest(
                AbiBytes.getU64(src, at + OFFSET_FINGERPRINT),
                AbiBytes.getU64(src, at + OFFSET_PAYLOAD_ADDR),
                AbiBytes.getU64(src, at + OFFSET_PAYLOAD_LEN),
                AbiBytes.getName(src, at + OFFSET_ENTRY, ENTRY_FIELD_SIZE, NAME + ".entry")));
  }

  private static void checkPayloadLen(long payloadLen) {
    if (payloadLen < 1 || payloadLen > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          NAME + ".payloadLen must be 1.." + MAX_PAYLOAD + ", was " + payloadLen);
    }
  }
}
