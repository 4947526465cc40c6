package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * The a2a3 per-task {@code KernelArgs} (PROTOCOL 2.3, front-less layout since upstream #1207), the
 * payload of {@code simpler_aicpu_exec}: eleven 64-bit device addresses, then {@code
 * enable_profiling_flag} and 4 bytes of tail padding. Host and device must be built from the same
 * header (F12: build skew after a layout change shows up as 507018).
 *
 * @param runtimeArgs {@code runtime_args} (device {@code Runtime*})
 * @param regs {@code regs}
 * @param fftsBaseAddr {@code ffts_base_addr}
 * @param dumpDataBase {@code dump_data_base}
 * @param chipSwimlaneDataBase {@code chip_swimlane_data_base}
 * @param pmuDataBase {@code pmu_data_base}
 * @param pmuRegAddrs {@code pmu_reg_addrs}
 * @param depGenDataBase {@code dep_gen_data_base}
 * @param scopeStatsDataBase {@code scope_stats_data_base}
 * @param chipSwimlaneAicoreRotationTable {@code chip_swimlane_aicore_rotation_table}
 * @param deviceWallDataBase {@code device_wall_data_base}
 * @param enableProfilingFlag {@code enable_profiling_flag}, a {@code uint32_t} bit set (bit0 args
 *     dump, bit1 chip swimlane, bit2 PMU, bit3 dep_gen); any 32-bit pattern
 */
public record KernelArgsA2a3(
    long runtimeArgs,
    long regs,
    long fftsBaseAddr,
    long dumpDataBase,
    long chipSwimlaneDataBase,
    long pmuDataBase,
    long pmuRegAddrs,
    long depGenDataBase,
    long scopeStatsDataBase,
    long chipSwimlaneAicoreRotationTable,
    long deviceWallDataBase,
    int enableProfilingFlag) {
  public static final int SIZE = 96;
  public static final int OFFSET_RUNTIME_ARGS = 0;
  public static final int OFFSET_REGS = 8;
  public static final int OFFSET_FFTS_BASE_ADDR = 16;
  public static final int OFFSET_DUMP_DATA_BASE = 24;
  public static final int OFFSET_CHIP_SWIMLANE_DATA_BASE = 32;
  public static final int OFFSET_PMU_DATA_BASE = 40;
  public static final int OFFSET_PMU_REG_ADDRS = 48;
  public static final int OFFSET_DEP_GEN_DATA_BASE = 56;
  public static final int OFFSET_SCOPE_STATS_DATA_BASE = 64;
  public static final int OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE = 72;
  public static final int OFFSET_DEVICE_WALL_DATA_BASE = 80;
  public static final int OFFSET_ENABLE_PROFILING_FLAG = 88;

  private static final String NAME = "KernelArgsA2a3";

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
    AbiBytes.putU64(dst, at + OFFSET_RUNTIME_ARGS, runtimeArgs);
    AbiBytes.putU64(dst, at + OFFSET_REGS, regs);
    AbiBytes.putU64(dst, at + OFFSET_FFTS_BASE_ADDR, fftsBaseAddr);
    AbiBytes.putU64(dst, at + OFFSET_DUMP_DATA_BASE, dumpDataBase);
    AbiBytes.putU64(dst, at + OFFSET_CHIP_SWIMLANE_DATA_BASE, chipSwimlaneDataBase);
    AbiBytes.putU64(dst, at + OFFSET_PMU_DATA_BASE, pmuDataBase);
    AbiBytes.putU64(dst, at + OFFSET_PMU_REG_ADDRS, pmuRegAddrs);
    AbiBytes.putU64(dst, at + OFFSET_DEP_GEN_DATA_BASE, depGenDataBase);
    AbiBytes.putU64(dst, at + OFFSET_SCOPE_STATS_DATA_BASE, scopeStatsDataBase);
    AbiBytes.putU64(
        dst, at + OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE, chipSwimlaneAicoreRotationTable);
    AbiBytes.putU64(dst, at + OFFSET_DEVICE_WALL_DATA_BASE, deviceWallDataBase);
    AbiBytes.putI32(dst, at + OFFSET_ENABLE_PROFILING_FLAG, enableProfilingFlag);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position; the tail padding is not inspected. */
  public static KernelArgsA2a3 decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new KernelArgsA2a3(
                AbiBytes.getU64(src, at + OFFSET_RUNTIME_ARGS),
                AbiBytes.getU64(src, at + OFFSET_REGS),
                AbiBytes.getU64(src, at + OFFSET_FFTS_BASE_ADDR),
                AbiBytes.getU64(src, at + OFFSET_DUMP_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_CHIP_SWIMLANE_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_PMU_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_PMU_REG_ADDRS),
                AbiBytes.getU64(src, at + OFFSET_DEP_GEN_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_SCOPE_STATS_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE),
                AbiBytes.getU64(src, at + OFFSET_DEVICE_WALL_DATA_BASE),
                AbiBytes.getI32(src, at + OFFSET_ENABLE_PROFILING_FLAG)));
  }
}
