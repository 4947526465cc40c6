package io.github.aicpulaunch.adapter.cann;

import io.github.aicpulaunch.ports.InvalidRequestException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CANN's {@code rtAicpuArgsEx_t} (PROTOCOL 2.7), written in place: a view of one structure at a
 * fixed index of a little-endian buffer, with one setter per C field, in the {@link
 * AicpuArgsLayout} {@link #clear} chose. Every write is an absolute put, so a warm launch allocates
 * nothing; the bytes are checked against the C-written {@code testdata/abi/aicpu_args_ex_*.bin}.
 *
 * <p>Owned by one thread, like the buffer it writes into.
 */
final class RtAicpuArgsEx {
  static final int ARGS = 0;
  static final int HOST_INPUT_INFO_PTR = 8;
  static final int KERNEL_OFFSET_INFO_PTR = 16;
  static final int ARGS_SIZE = 24;
  static final int HOST_INPUT_INFO_NUM = 28;
  static final int KERNEL_OFFSET_INFO_NUM = 30;

  /** {@code soNameAddrOffset}: u32 in {@link AicpuArgsLayout#V48}, u16 in {@code V40}. */
  static final int SO_NAME_ADDR_OFFSET = 32;

  private final ByteBuffer b;
  private final int at;
  private AicpuArgsLayout layout = AicpuArgsLayout.V48;

  /**
   * @param buffer where the structure lives; its byte order is set to little-endian (CANN runs on
   *     little-endian hosts only)
   * @param at the structure's index in {@code buffer}
   */
  RtAicpuArgsEx(ByteBuffer buffer, int at) {
    this.b = buffer.order(ByteOrder.LITTLE_ENDIAN);
    this.at = at;
  }

  /** Zeroes the structure in {@code layout} (padding and reserved bytes included). */
  RtAicpuArgsEx clear(AicpuArgsLayout layout) {
    this.layout = layout;
    Zero.fill(b, at, layout.size());
    return this;
  }

  /** {@code void *args}: host address of the blob CANN copies to the device. */
  RtAicpuArgsEx args(long address) {
    b.putLong(at + ARGS, address);
    return this;
  }

  /** {@code rtHostInputInfo_t *hostInputInfoPtr}. */
  RtAicpuArgsEx hostInputInfoPtr(long address) {
    b.putLong(at + HOST_INPUT_INFO_PTR, address);
    return this;
  }

  /** {@code rtHostInputInfo_t *kernelOffsetInfoPtr}. */
  RtAicpuArgsEx kernelOffsetInfoPtr(long address) {
    b.putLong(at + KERNEL_OFFSET_INFO_PTR, address);
    return this;
  }

  /** {@code uint32_t argsSize}. */
  RtAicpuArgsEx argsSize(int size) {
    b.putInt(at + ARGS_SIZE, size);
    return this;
  }

  /** {@code uint16_t hostInputInfoNum}. */
  RtAicpuArgsEx hostInputInfoNum(int n) {
    b.putShort(at + HOST_INPUT_INFO_NUM, u16(n, "hostInputInfoNum"));
    return this;
  }

  /** {@code uint16_t kernelOffsetInfoNum}. */
  RtAicpuArgsEx kernelOffsetInfoNum(int n) {
    b.putShort(at + KERNEL_OFFSET_INFO_NUM, u16(n, "kernelOffsetInfoNum"));
    return this;
  }

  /** {@code soNameAddrOffset} (0xFFFFFFFF in V48 and 0xFFFF in V40 mean "no name"). */
  RtAicpuArgsEx soNameAddrOffset(int offset) {
    putNameOffset(SO_NAME_ADDR_OFFSET, offset, "soNameAddrOffset");
    return this;
  }

  /** {@code kernelNameAddrOffset}. */
  RtAicpuArgsEx kernelNameAddrOffset(int offset) {
    putNameOffset(layout.kernelNameAddrOffsetAt, offset, "kernelNameAddrOffset");
    return this;
  }

  /** {@code bool isNoNeedH2DCopy}. */
  RtAicpuArgsEx isNoNeedH2DCopy(boolean value) {
    b.put(at + layout.isNoNeedH2DCopyAt, (byte) (value ? 1 : 0));
    return this;
  }

  /** {@code uint16_t timeout} ("timeout for aicpu exit"); the V40 layout holds only 0. */
  RtAicpuArgsEx timeout(int seconds) {
    if (layout.timeoutAt < 0) {
      if (seconds != 0) {
        throw new IllegalArgumentException(
            "the 40-byte rtAicpuArgsEx_t of CANN before 8.5.0 has no timeout field, so "
                + seconds
                + " cannot be passed");
      }
      return this;
    }
    b.putShort(at + layout.timeoutAt, u16(seconds, "timeout"));
    return this;
  }

  private void putNameOffset(int field, int offset, String name) {
    if (!layout.fits(offset)) {
      throw new IllegalArgumentException(
          name
              + " "
              + Integer.toUnsignedString(offset)
              + " does not fit the 16-bit field of the 40-byte rtAicpuArgsEx_t");
    }
    if (layout == AicpuArgsLayout.V48) {
      b.putInt(at + field, offset);
    } else {
      b.putShort(at + field, (short) offset);
    }
  }

  private static short u16(int value, String name) {
    if ((value & ~0xFFFF) != 0) {
      throw new IllegalArgumentException(name + " " + value + " does not fit its uint16_t field");
    }
    return (short) value;
  }

  /**
   * Refuses name offsets {@code layout} cannot hold, before anything touches the device: the
   * 40-byte layout of CANN before 8.5.0 declares them {@code uint16_t}.
   *
   * @throws InvalidRequestException naming the offset, the layout and the way out
   */
  static void requireNameOffsetsFit(AicpuArgsLayout layout, int soOffset, int kernelOffset) {
    requireFits(layout, "soNameOffset", soOffset);
    requireFits(layout, "kernelNameOffset", kernelOffset);
  }

  private static void requireFits(AicpuArgsLayout layout, String what, int offset) {
    if (!layout.fits(offset)) {
      throw new InvalidRequestException(
          what
              + " "
              + Integer.toUnsignedString(offset)
              + " does not fit the 16-bit field of the 40-byte rtAicpuArgsEx_t of CANN before"
              + " 8.5.0.",
          "Put the names within the first 64 KiB of the argument blob, or use CANN 8.5.0 or"
              + " later.");
    }
  }
}
