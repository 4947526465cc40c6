package io.github.aicpulaunch.ports.out;

import java.util.List;

/**
 * The {@code rtLoadBinaryConfig_t} of {@code rtsBinaryLoadFromFile}: a list of {@code
 * rtLoadBinaryOption_t} ({@code optionId}, 16-byte value union read as one 32-bit integer here).
 *
 * @param options the options, in the order they are passed
 */
public record LoadOptions(List<Option> options) {
  /** {@code RT_LOAD_BINARY_OPT_LAZY_LOAD}. */
  public static final int OPT_LAZY_LOAD = 1;

  /** {@code RT_LOAD_BINARY_OPT_MAGIC}. */
  public static final int OPT_MAGIC = 2;

  /** {@code RT_LOAD_BINARY_OPT_CPU_KERNEL_MODE}. */
  public static final int OPT_CPU_KERNEL_MODE = 3;

  public LoadOptions {
    options = List.copyOf(options);
  }

  /** The options upstream passes: one {@code cpuKernelMode} option. */
  public static LoadOptions cpuKernelMode(CpuKernelMode mode) {
    return new LoadOptions(List.of(new Option(OPT_CPU_KERNEL_MODE, mode.value())));
  }

  /**
   * One {@code rtLoadBinaryOption_t}.
   *
   * @param optionId the {@code rtLoadBinaryOption} id (1..3 are defined)
   * @param value the first 32 bits of the value union
   */
  public record Option(int optionId, int value) {}
}
