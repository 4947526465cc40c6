package io.github.aicpulaunch.adapter.cann;

/**
 * The layout of CANN's {@code rtAicpuArgsEx_t} the binding writes, chosen from the detected CANN
 * version (PROTOCOL 2.7). Both start with {@code args}@0, {@code hostInputInfoPtr}@8, {@code
 * kernelOffsetInfoPtr}@16, {@code argsSize} u32@24, {@code hostInputInfoNum} u16@28, {@code
 * kernelOffsetInfoNum} u16@30.
 */
public enum AicpuArgsLayout {
  /**
   * CANN 8.5.0 and later: u32 {@code soNameAddrOffset}@32, u32 {@code kernelNameAddrOffset}@36,
   * bool {@code isNoNeedH2DCopy}@40, u16 {@code timeout}@42, u8 {@code reserved}@44; 48 bytes.
   */
  V48(48, 4),
  /**
   * Older headers: u16 {@code soNameAddrOffset}@32, u16 {@code kernelNameAddrOffset}@34, bool
   * {@code isNoNeedH2DCopy}@36, {@code reserved[3]}@37; 40 bytes. Name offsets must fit 16 bits.
   */
  V40(40, 2);

  private final int size;
  private final int nameOffsetWidth;

  AicpuArgsLayout(int size, int nameOffsetWidth) {
    this.size = size;
    this.nameOffsetWidth = nameOffsetWidth;
  }

  /** {@code sizeof(rtAicpuArgsEx_t)}. */
  public int size() {
    return size;
  }

  /** {@code sizeof(rtCpuKernelArgs_t)}: the base args, a {@code size_t} and {@code u32 rsv[4]}. */
  public int cpuKernelArgsSize() {
    return size + 8 + 16;
  }

  /** Width in bytes of the two name-offset fields. */
  int nameOffsetWidth() {
    return nameOffsetWidth;
  }

  /**
   * The layout of the CANN version with this major and minor; unknown versions get {@link #V48}.
   */
  static AicpuArgsLayout forVersion(int major, int minor) {
    return major < 8 || (major == 8 && minor < 5) ? V40 : V48;
  }
}
