package io.github.aicpulaunch.adapter.sim;

import java.util.List;

/**
 * What {@code halGetDeviceInfo} answers on a simulated die, keyed by the die's physical id (device
 * code asks with devId 0, "this die", PROTOCOL §2.8; the AICPU OS maps that to the calling die).
 * The module and info numbers are the driver's ({@code DEV_MODULE_TYPE}, {@code DEV_INFO_TYPE});
 * the info types are the ones upstream's device code reads: OS_SCHED (the hello kernel), OCCUPY and
 * PF_OCCUPY (the a5 topology query, PROTOCOL §2.6, §10), and the core counts.
 *
 * <p>Values, as upstream's device-side probes report them on a card (the same on every die): the
 * AICPU OS's scheduler owns CPU 0, so OS_SCHED is {@code 0x1}; the user cores follow in OCCUPY,
 * from bit 2 on a2a3 ({@code 0xfc} for 6 cores: CPU 1 is fused off) and from bit 3 on a5 ({@code
 * 0x1f8} for 6: the AICPU OS keeps the SMT pair CPU 1-2 for itself; the host-side view, {@code
 * 0x1fe}, is not what device code sees); PF_OCCUPY equals OCCUPY and PF_CORE_NUM the core count (no
 * virtualisation). CORE_NUM is not answered to device code (rc 3 on a5 in the same probe, and on a3
 * and a5 in #929, FAILURE-MODES P10): device code reads PF_CORE_NUM. A query the table does not
 * hold answers {@code DRV_ERROR_INVALID_VALUE} (3), what those probes saw for every query the AICPU
 * OS does not serve to device code.
 */
final class HalInfo {
  static final int MODULE_SYSTEM = 0;
  static final int MODULE_AICPU = 1;
  static final int INFO_OS_SCHED = 5;
  static final int INFO_OCCUPY = 8;
  static final int INFO_PHY_CHIP_ID = 18;
  static final int INFO_PHY_DIE_ID = 19;
  static final int INFO_PF_CORE_NUM = 20;
  static final int INFO_PF_OCCUPY = 21;

  /** OS_SCHED: the AICPU OS's own CPU, CPU 0. */
  static final long OS_SCHED = 0x1;

  private HalInfo() {}

  /** OCCUPY of a die with {@code cores} user cores under {@code profile}. */
  static long occupy(SimProfile profile, int cores) {
    int firstUserCpu = Math.min(profile == SimProfile.CANN_9_1 ? 3 : 2, 64 - cores);
    return ((1L << cores) - 1) << firstUserCpu;
  }

  /** The {@code --hal DEV:MODULE:INFO:VALUE} arguments of the AICPU OS for one die. */
  static List<String> entries(SimDevice d, SimConfig config) {
    int cores = config.aicpuCoresPerDie();
    long occupy = occupy(config.profile(), cores);
    return List.of(
        entry(d, MODULE_AICPU, INFO_OS_SCHED, OS_SCHED),
        entry(d, MODULE_AICPU, INFO_OCCUPY, occupy),
        entry(d, MODULE_AICPU, INFO_PF_CORE_NUM, cores),
        entry(d, MODULE_AICPU, INFO_PF_OCCUPY, occupy),
        entry(d, MODULE_SYSTEM, INFO_PHY_CHIP_ID, d.chip().index()),
        entry(d, MODULE_SYSTEM, INFO_PHY_DIE_ID, d.die()));
  }

  private static String entry(SimDevice d, int module, int info, long value) {
    return d.physicalId() + ":" + module + ":" + info + ":" + value;
  }
}
