package io.github.aicpulaunch.app.cli;

import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.AicpuLaunch;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.TypeConversionException;

/** The options that pick and configure a backend, shared by {@code run} and {@code doctor}. */
final class BackendOptions {
  /** Which backend to use. */
  enum Backend {
    SIM,
    CANN,
    AUTO;

    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  Backend backend = Backend.AUTO;

  SimProfileOption simProfile = new SimProfileOption();

  int simChips = 1;

  @Nullable Path simPreinstallDir;

  @Nullable Long simDeviceMemory;

  @Nullable Path ascendHome;

  /** Declares these options in {@code spec}, in this order, bound to this object. */
  void addTo(CommandSpec spec) {
    spec.addOption(
        CommandModel.option("--backend", Backend.class, backend, v -> backend = v)
            .paramLabel("sim|cann|auto")
            .converters(new BackendConverter())
            .description(
                "The backend: sim, the embedded simulator; cann, the installed CANN; auto, CANN"
                    + " when it is usable, else the simulator (default: ${DEFAULT-VALUE}).")
            .build());
    simProfile.addTo(spec);
    spec.addOption(
        CommandModel.option("--sim-chips", int.class, simChips, v -> simChips = v)
            .paramLabel("N")
            .converters(new ChipCountConverter())
            .description("Simulated chips, each with two dies (default: ${DEFAULT-VALUE}).")
            .build());
    spec.addOption(
        CommandModel.option(
                "--sim-preinstall-dir", Path.class, simPreinstallDir, v -> simPreinstallDir = v)
            .paramLabel("DIR")
            .description(
                "Chip 0's preinstall directory, e.g. one shared by several processes "
                    + "(default: a private temporary directory).")
            .build());
    spec.addOption(
        CommandModel.option(
                "--sim-device-memory", Long.class, simDeviceMemory, v -> simDeviceMemory = v)
            .paramLabel("SIZE")
            .converters(new MemorySizeConverter())
            .description(
                "Device memory of each simulated die: bytes, or with K, M or G "
                    + "(default: 64M; at most "
                    + SimConfig.MAX_MEMORY_BUDGET
                    + " bytes).")
            .build());
    spec.addOption(
        CommandModel.option("--ascend-home", Path.class, ascendHome, v -> ascendHome = v)
            .paramLabel("DIR")
            .description(
                "The CANN install root, searched alone (default: ASCEND_HOME_PATH, the usual "
                    + "install paths, then LD_LIBRARY_PATH). Both libraries must be of one"
                    + " installation.")
            .build());
  }

  SimConfig simConfig() {
    Integer[] chips = new Integer[simChips];
    Arrays.fill(chips, 2);
    SimConfig.Builder b = SimConfig.builder().chips(chips).profile(simProfile.profile());
    if (simPreinstallDir != null) {
      b.preinstallDir(0, simPreinstallDir.toAbsolutePath());
    }
    if (simDeviceMemory != null) {
      b.memoryBudgetBytes(simDeviceMemory);
    }
    return b.build();
  }

  CannOptions cannOptions() {
    CannOptions o = CannOptions.defaults();
    return ascendHome == null ? o : o.withAscendHome(ascendHome);
  }

  /**
   * Opens the backend asked for.
   *
   * @throws io.github.aicpulaunch.adapter.cann.CannUnavailableException for {@code --backend cann}
   *     on a machine without a usable CANN
   */
  AicpuLaunch open() {
    return switch (backend) {
      case SIM -> AicpuLaunch.simulator(simConfig());
      case CANN -> AicpuLaunch.cann(cannOptions());
      case AUTO -> AicpuLaunch.auto(cannOptions(), simConfig());
    };
  }

  /**
   * A byte count with an optional K, M or G suffix (powers of 1024), within the simulator's range.
   */
  static final class MemorySizeConverter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      long bytes = ByteSizes.parse(value);
      if (bytes < 1 || bytes > SimConfig.MAX_MEMORY_BUDGET) {
        throw new TypeConversionException(
            "--sim-device-memory '"
                + value
                + "' is not a size of 1.."
                + SimConfig.MAX_MEMORY_BUDGET
                + " bytes (e.g. 65536, 512K, 64M, 1G)");
      }
      return bytes;
    }
  }

  /** A number of simulated chips: one process and one device-memory segment each. */
  static final class ChipCountConverter implements ITypeConverter<Integer> {
    /** As many chips as the largest Ascend servers hold. */
    static final int MAX_CHIPS = 16;

    @Override
    public Integer convert(String value) {
      int chips;
      try {
        chips = Integer.parseInt(value.strip());
      } catch (NumberFormatException e) {
        chips = 0;
      }
      if (chips < 1 || chips > MAX_CHIPS) {
        throw new TypeConversionException(
            "--sim-chips '" + value + "' is not a number of chips of 1.." + MAX_CHIPS);
      }
      return chips;
    }
  }

  /** Accepts the backend names in any case. */
  static final class BackendConverter implements ITypeConverter<Backend> {
    @Override
    public Backend convert(String value) {
      try {
        return Backend.valueOf(value.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "'" + value + "' is not a backend; use sim, cann or auto");
      }
    }
  }
}
