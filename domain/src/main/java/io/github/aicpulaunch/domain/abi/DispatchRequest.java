package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;

/**
 * {@code struct aicpu_dispatch_request} (docs/ABI.md "Dispatch-through request"): the 96-byte
 * request in device memory that the dispatcher's server entry forwards to one entry of one
 * published runtime SO. Found through {@link DispatchSlot} in DeviceArgs bytes 136–159. The record
 * encodes flags 0 and ack 0 (bytes 24–31); {@link #patchFlags} sets the flags of an encoded
 * request, and the dispatcher answers at {@link #OFFSET_ACK}.
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

  /** u32 the host writes: {@link #FLAG_PING} or 0. */
  public static final int OFFSET_FLAGS = 24;

  /** u32 the host writes as 0 and the dispatcher answers in: {@link #ACK} or its refusal code. */
  public static final int OFFSET_ACK = 28;

  public static final int OFFSET_ENTRY = 32;
  public static final int ENTRY_FIELD_SIZE = 64;

  /** Flag: check, open and resolve, acknowledge, but do not call the entry (the handshake). */
  public static final int FLAG_PING = 1;

  /** What the dispatcher writes at {@link #OFFSET_ACK} once it accepted a request: "DACK". */
  public static final int ACK = 0x4b434144;

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

  /** Rewrites {@code flags} of an encoded request in place (absolute, position unchanged). */
  public static void patchFlags(ByteBuffer encoded, int at, int flags) {
    if ((flags & ~FLAG_PING) != 0) {
      throw new IllegalArgumentException(
          NAME + ".flags 0x" + Integer.toHexString(flags) + " has bits the dispatcher refuses");
    }
    AbiBytes.putU32(encoded, at + OFFSET_FLAGS, flags);
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
