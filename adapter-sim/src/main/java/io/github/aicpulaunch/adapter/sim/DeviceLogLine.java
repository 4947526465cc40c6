package io.github.aicpulaunch.adapter.sim;

/**
 * One line of device log ({@code DlogRecord} from device code, or the simulated scheduler's own
 * error reports).
 *
 * @param chip the chip whose AICPU OS produced it
 * @param logicalDevice the logical device id of the launch that logged, or -1 when the line came
 *     from no launch or from a device this process does not see
 * @param moduleId the {@code moduleId} argument of {@code DlogRecord}
 * @param level the {@code level} argument of {@code DlogRecord}
 * @param text the formatted message
 */
public record DeviceLogLine(int chip, int logicalDevice, int moduleId, int level, String text) {}
