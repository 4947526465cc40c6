package io.github.aicpulaunch.adapter.sim;

/**
 * One line of device log ({@code DlogRecord} from device code, the simulated scheduler's own error
 * reports, or a line the chip's AICPU OS process printed: device code's {@code printf}, with {@link
 * #OUTPUT_MODULE}). Printed lines belong to the chip, not to a launch: {@code logicalDevice} is -1.
 * A card does not bring an AICPU kernel's standard output to the host; the simulator shows it
 * because it can.
 *
 * @param chip the chip whose AICPU OS produced it
 * @param logicalDevice the logical device id of the launch that logged, or -1 when the line came
 *     from no launch or from a device this process does not see
 * @param moduleId the {@code moduleId} argument of {@code DlogRecord}
 * @param level the {@code level} argument of {@code DlogRecord}
 * @param text the formatted message
 */
public record DeviceLogLine(int chip, int logicalDevice, int moduleId, int level, String text) {
  /** {@link #moduleId()} of a line the AICPU OS process printed (no {@code DlogRecord} module). */
  public static final int OUTPUT_MODULE = -1;

  /** {@link #level()} of a printed line: INFO. */
  public static final int OUTPUT_LEVEL = 1;

  /** Whether the AICPU OS process printed this line ({@code printf}) instead of logging it. */
  public boolean printed() {
    return moduleId == OUTPUT_MODULE;
  }
}
