package io.github.aicpulaunch.adapter.sim;

import java.util.List;

/**
 * What {@code halGetDeviceInfo} answers on a simulated die, keyed by the die's physical id. The
 * module and info numbers are the driver's ({@code DEV_MODULE_TYPE}, {@code DEV_INFO_TYPE}).
 */
final class HalInfo {
  static final int MODULE_SYSTEM = 0;
  static final int MODULE_AICPU = 1;
  static final int INFO_CORE_NUM = 3;
  static final int INFO_OCCUPY = 8;
  static final int INFO_PHY_CHIP_ID = 18;
  static final int INFO_PHY_DIE_ID = 19;

  private HalInfo() {}

  /** The {@code --hal DEV:MODULE:INFO:VALUE} arguments of the AICPU OS for one die. */
  static List<String> entries(SimDevice d, SimConfig config) {
    int cores = config.aicpuCoresPerDie();
    long occupy = (1L << cores) - 1;
    return List.of(
        entry(d, MODULE_AICPU, INFO_CORE_NUM, cores),
        entry(d, MODULE_AICPU, INFO_OCCUPY, occupy),
        entry(d, MODULE_SYSTEM, INFO_PHY_CHIP_ID, d.chip().index()),
        entry(d, MODULE_SYSTEM, INFO_PHY_DIE_ID, d.die()));
  }

  private static String entry(SimDevice d, int module, int info, long value) {
    return d.physicalId() + ":" + module + ":" + info + ":" + value;
  }
}
