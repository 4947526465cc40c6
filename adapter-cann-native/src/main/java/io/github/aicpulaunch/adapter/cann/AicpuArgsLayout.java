package io.github.aicpulaunch.adapter.cann;

/**
 * The layout of CANN's {@code rtAicpuArgsEx_t} the binding writes, chosen from the detected CANN
 * version (PROTOCOL 2.7). Both start with {@code args}@0, {@code hostInputInfoPtr}@8, {@code
 * kernelOffsetInfoPtr}@16, {@code argsSize} u32@24, {@code hostInputInfoNum} u16@28, {@code
 * kernelOffsetInfoNum} u16@30. {@link RtAicpuArgsEx} writes them; this is the one place that maps a
 * CANN version to a layout.
 */
public enum AicpuArgsLayout {
  /**
   * CANN 8.5.0 and later: u32 {@code soNameAddrOffset}@32, u32 {@code kernelNameAddrOffset}@36,
   * bool {@code isNoNeedH2DCopy}@40, u16 {@code timeout}@42, u8 {@code reserved}@44; 48 bytes.
   */
  V48(48, 36, 40, 42, 0xFFFF_FFFFL),
  /**
   * Older headers: u16 {@code soNameAddrOffset}@32, u16 {@code kernelNameAddrOffset}@34, bool
   * {@code isNoNeedH2DCopy}@36, {@code reserved[3]}@37, no timeout; 40 bytes. Name offsets must fit
   * 16 bits.
   */
  V40(40, 34, 36, -1, 0xFFFFL);

  private final int size;
  final int kernelNameAddrOffsetAt;
  final int isNoNeedH2DCopyAt;

  /** Where {@code timeout} is, or -1 when the layout has none. */
  final int timeoutAt;

  /** The largest name offset the layout's field holds. */
  final long maxNameOffset;

  AicpuArgsLayout(
      int size, int kernelNameAddrOffsetAt, int isNoNeedH2DCopyAt, int timeoutAt, long maxOffset) {
    this.size = size;
    this.kernelNameAddrOffsetAt = kernelNameAddrOffsetAt;
    this.isNoNeedH2DCopyAt = isNoNeedH2DCopyAt;
    this.timeoutAt = timeoutAt;
    this.maxNameOffset = maxOffset;
  }

  /** {@code sizeof(rtAicpuArgsEx_t)}. */
  public int size() {
    return size;
  }

  /** {@code sizeof(rtCpuKernelArgs_t)}: the base args, a {@code size_t} and {@code u32 rsv[4]}. */
  public int cpuKernelArgsSize() {
    return size + RtCpuKernelArgs.TAIL;
  }

  /** Whether a name offset fits the layout's field. */
  boolean fits(int nameOffset) {
    return (nameOffset & 0xFFFF_FFFFL) <= maxNameOffset;
  }

  /**
   * The layout of the CANN version with this major and minor; unknown versions get {@link #V48}.
   * The public header history shows the 48-byte layout from v8.5.0 on.
   */
  static AicpuArgsLayout forVersion(int major, int minor) {
    return major < 8 || (major == 8 && minor < 5) ? V40 : V48;
  }
}
