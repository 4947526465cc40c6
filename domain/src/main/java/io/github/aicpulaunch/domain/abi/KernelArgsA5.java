package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * The a5 per-task {@code KernelArgs} (PROTOCOL 2.3, front-less layout since upstream #1207), the
 * payload of {@code simpler_aicpu_exec} on a5: ten 64-bit device addresses, then two {@code
 * uint32_t}. The field order differs from {@link KernelArgsA2a3}; host and device must be built
 * from the same header (F12).
 *
 * @param runtimeArgs {@code runtime_args} (device {@code Runtime*})
 * @param regs {@code regs}
 * @param dumpDataBase {@code dump_data_base}
 * @param chipSwimlaneDataBase {@code chip_swimlane_data_base}
 * @param pmuDataBase {@code pmu_data_base}
 * @param depGenDataBase {@code dep_gen_data_base}
 * @param chipSwimlaneAicoreRotationTable {@code chip_swimlane_aicore_rotation_table}
 * @param aicorePmuRingAddrs {@code aicore_pmu_ring_addrs}
 * @param scopeStatsDataBase {@code scope_stats_data_base}
 * @param deviceWallDataBase {@code device_wall_data_base}
 * @param enableProfilingFlag {@code enable_profiling_flag}, a {@code uint32_t} bit set
 * @param forceSimtAnchor {@code force_simt_anchor}, a {@code uint32_t} (upstream always writes 0)
 */
public record KernelArgsA5(
    long runtimeArgs,
    long regs,
    long dumpDataBase,
    long chipSwimlaneDataBase,
    long pmuDataBase,
    long depGenDataBase,
    long chipSwimlaneAicoreRotationTable,
    long aicorePmuRingAddrs,
    long scopeStatsDataBase,
    long deviceWallDataBase,
    int enableProfilingFlag,
    int forceSimtAnchor) {
  public static final int SIZE = 88;
  public static final int OFFSET_RUNTIME_ARGS = 0;
  public static final int OFFSET_REGS = 8;
  public static final int OFFSET_DUMP_DATA_BASE = 16;
  public static final int OFFSET_CHIP_SWIMLANE_DATA_BASE = 24;
  public static final int OFFSET_PMU_DATA_BASE = 32;
  public static final int OFFSET_DEP_GEN_DATA_BASE = 40;
  public static final int OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE = 48;
  public static final int OFFSET_AICORE_PMU_RING_ADDRS = 56;
  public static final int OFFSET_SCOPE_STATS_DATA_BASE = 64;
  public static final int OFFSET_DEVICE_WALL_DATA_BASE = 72;
  public static final int OFFSET_ENABLE_PROFILING_FLAG = 80;
  public static final int OFFSET_FORCE_SIMT_ANCHOR = 84;

  private static final String NAME = "KernelArgsA5";

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
    AbiBytes.putU64(dst, at + OFFSET_DUMP_DATA_BASE, dumpDataBase);
    AbiBytes.putU64(dst, at + OFFSET_CHIP_SWIMLANE_DATA_BASE, chipSwimlaneDataBase);
    AbiBytes.putU64(dst, at + OFFSET_PMU_DATA_BASE, pmuDataBase);
    AbiBytes.putU64(dst, at + OFFSET_DEP_GEN_DATA_BASE, depGenDataBase);
    AbiBytes.putU64(
        dst, at + OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE, chipSwimlaneAicoreRotationTable);
    AbiBytes.putU64(dst, at + OFFSET_AICORE_PMU_RING_ADDRS, aicorePmuRingAddrs);
    AbiBytes.putU64(dst, at + OFFSET_SCOPE_STATS_DATA_BASE, scopeStatsDataBase);
    AbiBytes.putU64(dst, at + OFFSET_DEVICE_WALL_DATA_BASE, deviceWallDataBase);
    AbiBytes.putI32(dst, at + OFFSET_ENABLE_PROFILING_FLAG, enableProfilingFlag);
    AbiBytes.putI32(dst, at + OFFSET_FORCE_SIMT_ANCHOR, forceSimtAnchor);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position. */
  public static KernelArgsA5 decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new KernelArgsA5(
                AbiBytes.getU64(src, at + OFFSET_RUNTIME_ARGS),
                AbiBytes.getU64(src, at + OFFSET_REGS),
                AbiBytes.getU64(src, at + OFFSET_DUMP_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_CHIP_SWIMLANE_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_PMU_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_DEP_GEN_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_CHIP_SWIMLANE_AICORE_ROTATION_TABLE),
                AbiBytes.getU64(src, at + OFFSET_AICORE_PMU_RING_ADDRS),
                AbiBytes.getU64(src, at + OFFSET_SCOPE_STATS_DATA_BASE),
                AbiBytes.getU64(src, at + OFFSET_DEVICE_WALL_DATA_BASE),
                AbiBytes.getI32(src, at + OFFSET_ENABLE_PROFILING_FLAG),
                AbiBytes.getI32(src, at + OFFSET_FORCE_SIMT_ANCHOR)));
  }
}
