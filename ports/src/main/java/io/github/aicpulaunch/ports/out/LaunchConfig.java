package io.github.aicpulaunch.ports.out;

import java.util.List;

/**
 * The {@code rtKernelLaunchCfg_t} of {@code rtsLaunchCpuKernel}: launch attributes ({@code
 * rtLaunchKernelAttr_t}). Empty means {@code numAttrs = 0}, which is what upstream passes.
 *
 * @param attributes the attributes, in order
 */
public record LaunchConfig(List<Attribute> attributes) {
  /** {@code RT_LAUNCH_KERNEL_ATTR_TIMEOUT}: value is a u16 number of seconds. */
  public static final int ATTR_TIMEOUT = 7;

  /** {@code RT_LAUNCH_KERNEL_ATTR_TIMEOUT_US}: value is a u64 number of microseconds. */
  public static final int ATTR_TIMEOUT_US = 8;

  private static final LaunchConfig NONE = new LaunchConfig(List.of());

  public LaunchConfig {
    attributes = List.copyOf(attributes);
  }

  /** No attributes ({@code numAttrs = 0}). */
  public static LaunchConfig none() {
    return NONE;
  }

  /**
   * One attribute.
   *
   * @param id the {@code rtLaunchKernelAttrId}, 1..8
   * @param value the value union's first 64 bits, little-endian
   */
  public record Attribute(int id, long value) {
    public Attribute {
      if (id < 1 || id > 8) {
        throw new IllegalArgumentException("rtLaunchKernelAttrId must be 1..8, was " + id);
      }
    }
  }
}
