package io.github.aicpulaunch.domain.abi;

import io.github.aicpulaunch.ports.out.CannVersion;
import java.nio.ByteBuffer;

/**
 * CANN's {@code rtAicpuArgsEx_t} (PROTOCOL 2.7): what {@code rtAicpuKernelLaunchExWithArgs}
 * receives, and the first 48 bytes of {@link CpuKernelArgs}. The record holds the values; the byte
 * layout depends on the CANN headers the runtime was built with, so every encode and decode takes a
 * {@link Layout}.
 *
 * <p>The record accepts any value the current (48-byte) layout can hold. Encoding into {@link
 * Layout#BEFORE_8_5} additionally refuses what that layout cannot hold (name offsets above 0xFFFF,
 * a non-zero timeout) instead of truncating it.
 *
 * @param argsPtr {@code args}: host address of the argument blob CANN copies to the device
 * @param hostInputInfoPtr {@code hostInputInfoPtr} ({@code rtHostInputInfo_t*}; upstream: 0)
 * @param kernelOffsetInfoPtr {@code kernelOffsetInfoPtr} ({@code rtHostInputInfo_t*}; upstream: 0)
 * @param argsSize {@code argsSize}: bytes CANN copies from {@code args}, not negative
 * @param hostInputInfoNum {@code hostInputInfoNum}, a {@code uint16_t}
 * @param kernelOffsetInfoNum {@code kernelOffsetInfoNum}, a {@code uint16_t}
 * @param soNameAddrOffset {@code soNameAddrOffset}: offset of the SO name in the blob, a {@code
 *     uint32_t} (0 lets CANN use the registered name)
 * @param kernelNameAddrOffset {@code kernelNameAddrOffset}: offset of the kernel name, a {@code
 *     uint32_t}
 * @param noNeedH2DCopy {@code isNoNeedH2DCopy}
 * @param timeout {@code timeout} ("timeout for aicpu exit"), a {@code uint16_t}; absent from the
 *     {@link Layout#BEFORE_8_5} layout, where only 0 can be encoded
 */
public record AicpuArgsEx(
    long argsPtr,
    long hostInputInfoPtr,
    long kernelOffsetInfoPtr,
    int argsSize,
    int hostInputInfoNum,
    int kernelOffsetInfoNum,
    long soNameAddrOffset,
    long kernelNameAddrOffset,
    boolean noNeedH2DCopy,
    int timeout) {

  /** Size of the current layout, {@link Layout#CANN_8_5_AND_LATER}. */
  public static final int SIZE = 48;

  /** Size of the {@link Layout#BEFORE_8_5} layout. */
  public static final int SIZE_BEFORE_8_5 = 40;

  public static final int OFFSET_ARGS = 0;
  public static final int OFFSET_HOST_INPUT_INFO_PTR = 8;
  public static final int OFFSET_KERNEL_OFFSET_INFO_PTR = 16;
  public static final int OFFSET_ARGS_SIZE = 24;
  public static final int OFFSET_HOST_INPUT_INFO_NUM = 28;
  public static final int OFFSET_KERNEL_OFFSET_INFO_NUM = 30;

  /** {@code soNameAddrOffset}: {@code uint32_t} here, {@code uint16_t} before 8.5; both at 32. */
  public static final int OFFSET_SO_NAME_ADDR_OFFSET = 32;

  public static final int OFFSET_KERNEL_NAME_ADDR_OFFSET = 36;
  public static final int OFFSET_IS_NO_NEED_H2D_COPY = 40;
  public static final int OFFSET_TIMEOUT = 42;
  public static final int OFFSET_RESERVED = 44;

  public static final int OFFSET_KERNEL_NAME_ADDR_OFFSET_BEFORE_8_5 = 34;
  public static final int OFFSET_IS_NO_NEED_H2D_COPY_BEFORE_8_5 = 36;
  public static final int OFFSET_RESERVED_BEFORE_8_5 = 37;

  private static final String NAME = "AicpuArgsEx";

  /** The two {@code rtAicpuArgsEx_t} layouts CANN headers have declared. */
  public enum Layout {
    /**
     * 48 bytes: {@code uint32_t} name offsets at 32/36, {@code bool isNoNeedH2DCopy} at 40, {@code
     * uint16_t timeout} at 42, {@code uint8_t reserved} at 44. Identical at CANN tags v8.5.0,
     * v9.0.0, v9.1.0 and later.
     */
    CANN_8_5_AND_LATER(SIZE, OFFSET_KERNEL_NAME_ADDR_OFFSET, OFFSET_IS_NO_NEED_H2D_COPY),

    /**
     * 40 bytes, as older CANN headers declare it: {@code uint16_t} name offsets at 32/34, {@code
     * bool} at 36, {@code uint8_t reserved[3]}, no timeout.
     */
    BEFORE_8_5(
        SIZE_BEFORE_8_5,
        OFFSET_KERNEL_NAME_ADDR_OFFSET_BEFORE_8_5,
        OFFSET_IS_NO_NEED_H2D_COPY_BEFORE_8_5);

    private final int size;
    private final int kernelNameAddrOffsetAt;
    private final int noNeedH2DCopyAt;
    private final String label;

    Layout(int size, int kernelNameAddrOffsetAt, int noNeedH2DCopyAt) {
      this.size = size;
      this.label = NAME + " (" + size + "-byte rtAicpuArgsEx_t layout)";
      this.kernelNameAddrOffsetAt = kernelNameAddrOffsetAt;
      this.noNeedH2DCopyAt = noNeedH2DCopyAt;
    }

    /** Bytes of one {@code rtAicpuArgsEx_t} in this layout. */
    public int size() {
      return size;
    }

    /**
     * The layout of the headers a CANN release ships. The public header history shows the 48-byte
     * layout from v8.5.0 on; anything older is taken to use the 40-byte one.
     */
    public static Layout forCann(CannVersion version) {
      return version.atLeast(8, 5) ? CANN_8_5_AND_LATER : BEFORE_8_5;
    }
  }

  public AicpuArgsEx {
    AbiBytes.checkNonNegative(NAME + ".argsSize", argsSize, "uint32_t");
    AbiBytes.checkUnsigned(
        NAME + ".hostInputInfoNum", hostInputInfoNum, AbiBytes.U16_MAX, "uint16_t");
    AbiBytes.checkUnsigned(
        NAME + ".kernelOffsetInfoNum", kernelOffsetInfoNum, AbiBytes.U16_MAX, "uint16_t");
    AbiBytes.checkUnsigned(
        NAME + ".soNameAddrOffset", soNameAddrOffset, AbiBytes.U32_MAX, "uint32_t");
    AbiBytes.checkUnsigned(
        NAME + ".kernelNameAddrOffset", kernelNameAddrOffset, AbiBytes.U32_MAX, "uint32_t");
    AbiBytes.checkUnsigned(NAME + ".timeout", timeout, AbiBytes.U16_MAX, "uint16_t");
  }

  /**
   * The common shape: a blob with name offsets and every other field zero.
   *
   * @param argsPtr host address of the blob
   * @param argsSize bytes of the blob
   * @param soNameAddrOffset offset of the SO name in the blob (0: none)
   * @param kernelNameAddrOffset offset of the kernel name in the blob (0: none)
   */
  public static AicpuArgsEx forBlob(
      long argsPtr, int argsSize, long soNameAddrOffset, long kernelNameAddrOffset) {
    return new AicpuArgsEx(
        argsPtr, 0, 0, argsSize, 0, 0, soNameAddrOffset, kernelNameAddrOffset, false, 0);
  }

  /** A new little-endian heap buffer of {@code layout.size()} bytes, position 0. */
  public ByteBuffer encode(Layout layout) {
    return AbiBytes.encode(layout.size(), dst -> encodeInto(dst, layout));
  }

  /**
   * Writes {@code layout.size()} bytes at {@code dst}'s position and advances it by that much (see
   * the package documentation for the buffer contract). Allocation-free.
   *
   * @throws IllegalArgumentException if a value does not fit {@code layout}; nothing is written
   */
  public void encodeInto(ByteBuffer dst, Layout layout) {
    checkFits(layout);
    writeAt(dst, AbiBytes.claim(dst, layout.size(), layout.label), layout);
  }

  /** Writes the fields at absolute index {@code at} of a window the caller has zeroed. */
  void writeAt(ByteBuffer dst, int at, Layout layout) {
    AbiBytes.putU64(dst, at + OFFSET_ARGS, argsPtr);
    AbiBytes.putU64(dst, at + OFFSET_HOST_INPUT_INFO_PTR, hostInputInfoPtr);
    AbiBytes.putU64(dst, at + OFFSET_KERNEL_OFFSET_INFO_PTR, kernelOffsetInfoPtr);
    AbiBytes.putU32(dst, at + OFFSET_ARGS_SIZE, argsSize);
    AbiBytes.putU16(dst, at + OFFSET_HOST_INPUT_INFO_NUM, hostInputInfoNum);
    AbiBytes.putU16(dst, at + OFFSET_KERNEL_OFFSET_INFO_NUM, kernelOffsetInfoNum);
    if (layout == Layout.CANN_8_5_AND_LATER) {
      AbiBytes.putU32(dst, at + OFFSET_SO_NAME_ADDR_OFFSET, soNameAddrOffset);
      AbiBytes.putU32(dst, at + OFFSET_KERNEL_NAME_ADDR_OFFSET, kernelNameAddrOffset);
      AbiBytes.putU16(dst, at + OFFSET_TIMEOUT, timeout);
    } else {
      AbiBytes.putU16(dst, at + OFFSET_SO_NAME_ADDR_OFFSET, (int) soNameAddrOffset);
      AbiBytes.putU16(dst, at + layout.kernelNameAddrOffsetAt, (int) kernelNameAddrOffset);
    }
    AbiBytes.putBool(dst, at + layout.noNeedH2DCopyAt, noNeedH2DCopy);
  }

  private void checkFits(Layout layout) {
    if (layout != Layout.BEFORE_8_5) {
      return;
    }
    checkFitsU16("soNameAddrOffset", soNameAddrOffset);
    checkFitsU16("kernelNameAddrOffset", kernelNameAddrOffset);
    if (timeout != 0) {
      throw new IllegalArgumentException(
          NAME
              + ".timeout is "
              + timeout
              + " but the BEFORE_8_5 layout (40-byte rtAicpuArgsEx_t of CANN before 8.5) has no"
              + " timeout field; use 0 there, or CANN 8.5 or later");
    }
  }

  private static void checkFitsU16(String field, long value) {
    if (value > AbiBytes.U16_MAX) {
      throw new IllegalArgumentException(
          NAME
              + "."
              + field
              + " is "
              + value
              + " but the BEFORE_8_5 layout (40-byte rtAicpuArgsEx_t of CANN before 8.5) declares"
              + " it uint16_t (at most 65535); place the name within the first 64 KiB of the blob,"
              + " or use CANN 8.5 or later");
    }
  }

  /**
   * Reads {@code layout.size()} bytes from {@code src}'s position. Reserved bytes are not
   * inspected; a {@code bool} byte other than 0 or 1 is refused.
   */
  public static AicpuArgsEx decode(ByteBuffer src, Layout layout) {
    return AbiBytes.decode(src, layout.size(), layout.label, at -> readAt(src, at, layout));
  }

  static AicpuArgsEx readAt(ByteBuffer src, int at, Layout layout) {
    boolean current = layout == Layout.CANN_8_5_AND_LATER;
    return new AicpuArgsEx(
        AbiBytes.getU64(src, at + OFFSET_ARGS),
        AbiBytes.getU64(src, at + OFFSET_HOST_INPUT_INFO_PTR),
        AbiBytes.getU64(src, at + OFFSET_KERNEL_OFFSET_INFO_PTR),
        checkArgsSize(AbiBytes.getU32(src, at + OFFSET_ARGS_SIZE)),
        AbiBytes.getU16(src, at + OFFSET_HOST_INPUT_INFO_NUM),
        AbiBytes.getU16(src, at + OFFSET_KERNEL_OFFSET_INFO_NUM),
        current
            ? AbiBytes.getU32(src, at + OFFSET_SO_NAME_ADDR_OFFSET)
            : AbiBytes.getU16(src, at + OFFSET_SO_NAME_ADDR_OFFSET),
        current
            ? AbiBytes.getU32(src, at + layout.kernelNameAddrOffsetAt)
            : AbiBytes.getU16(src, at + layout.kernelNameAddrOffsetAt),
        AbiBytes.getBool(src, at + layout.noNeedH2DCopyAt, NAME + ".isNoNeedH2DCopy"),
        current ? AbiBytes.getU16(src, at + OFFSET_TIMEOUT) : 0);
  }

  private static int checkArgsSize(long argsSize) {
    if (argsSize > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(
          NAME
              + ".argsSize is "
              + argsSize
              + ", beyond the 2 GiB a Java buffer can describe; the bytes are not a launch this"
              + " library built");
    }
    return (int) argsSize;
  }
}
