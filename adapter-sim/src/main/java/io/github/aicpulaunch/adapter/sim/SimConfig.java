package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the simulator simulates.
 *
 * <p>Topology: chips with one or two dies each. Dies are numbered with physical (driver-visible)
 * ids in order: chip 0's dies first, then chip 1's, and so on. {@code visibleDevices} plays the
 * role of {@code ASCEND_RT_VISIBLE_DEVICES}: the physical ids the process sees, in order; logical
 * id {@code i} is {@code visibleDevices.get(i)}. Empty means every die, logical = physical.
 *
 * @param diesPerChip for each chip, 1 or 2 dies
 * @param visibleDevices the physical ids this process sees, in logical order; empty for all
 * @param profile the CANN installation emulated: a built-in profile or one loaded from a file
 * @param memoryBudgetBytes device memory per die; allocations beyond it fail with 207001
 * @param preinstallDirs per chip index, the preinstall directory to use (it must exist); chips not
 *     listed get a private temporary directory, deleted on close
 * @param customRoot where custom-scheduler directories ({@code cust_aicpu_<dev>_<vf>_<pid>}) go;
 *     null for a private temporary directory
 * @param reinvokeInitWhileLatched whether a KFC bootstrap on a latched device calls the latched
 *     dispatcher's Init again (unknown on real CANN; PROTOCOL 7.2)
 * @param watchdogError the code of a task reaped by the op-execute watchdog; null for the profile's
 *     ({@link SimProfile#watchdogError()})
 * @param opExecuteTimeoutMicros the initial op-execute timeout of every device
 * @param aicpuCoresPerDie what {@code halGetDeviceInfo(AICPU, PF_CORE_NUM)} answers; OCCUPY has as
 *     many bits set, and at most that many blocks of one launch run at once (F28: more blocks that
 *     wait for each other deadlock)
 * @param customSchedulerNonCoherent model issue #822 (F2, P4): the custom scheduler sits outside
 *     the snoop domain of the other engines. A type-4 kernel then reads device memory as it was
 *     when the kernel started, so a kernel waiting for a value the host (or another engine) writes
 *     after the launch never sees it and is reaped by the watchdog; what the kernel writes still
 *     reaches device memory, 64-byte line by line (write-back). Type-2 and KFC launches stay
 *     coherent. Costs two copies of the chip's device memory per running type-4 launch
 */
public record SimConfig(
    List<Integer> diesPerChip,
    List<Integer> visibleDevices,
    SimProfile profile,
    long memoryBudgetBytes,
    Map<Integer, Path> preinstallDirs,
    @Nullable Path customRoot,
    boolean reinvokeInitWhileLatched,
    @Nullable CannError watchdogError,
    long opExecuteTimeoutMicros,
    int aicpuCoresPerDie,
    boolean customSchedulerNonCoherent) {

  /** Largest budget per die: both dies of a chip must fit one 2 GiB mapping. */
  public static final long MAX_MEMORY_BUDGET = (Integer.MAX_VALUE / 2) & ~63L;

  public SimConfig {
    diesPerChip = List.copyOf(diesPerChip);
    visibleDevices = List.copyOf(visibleDevices);
    preinstallDirs = Map.copyOf(preinstallDirs);
    if (diesPerChip.isEmpty()) {
      throw new IllegalArgumentException("the topology has no chip: give at least one chip");
    }
    int dies = 0;
    for (int d : diesPerChip) {
      if (d != 1 && d != 2) {
        throw new IllegalArgumentException("a chip has 1 or 2 dies, not " + d);
      }
      dies += d;
    }
    Set<Integer> seen = new HashSet<>();
    for (int p : visibleDevices) {
      if (p < 0 || p >= dies) {
        throw new IllegalArgumentException(
            "visible device " + p + " does not exist: physical ids are 0.." + (dies - 1));
      }
      if (!seen.add(p)) {
        throw new IllegalArgumentException("visible device " + p + " is listed twice");
      }
    }
    for (int chip : preinstallDirs.keySet()) {
      if (chip < 0 || chip >= diesPerChip.size()) {
        throw new IllegalArgumentException("preinstall directory given for unknown chip " + chip);
      }
    }
    if (memoryBudgetBytes <= 0 || memoryBudgetBytes > MAX_MEMORY_BUDGET) {
      throw new IllegalArgumentException(
          "memory budget per die must be 1.."
              + MAX_MEMORY_BUDGET
              + " bytes, was "
              + memoryBudgetBytes);
    }
    if (watchdogError != null
        && watchdogError != CannError.AICPU_EXCEPTION
        && watchdogError != CannError.INTERNAL_ERROR) {
      throw new IllegalArgumentException(
          "the watchdog reports 507018 or 507000, not " + watchdogError.code());
    }
    if (opExecuteTimeoutMicros <= 0) {
      throw new IllegalArgumentException("the op-execute timeout must be positive");
    }
    if (aicpuCoresPerDie < 1 || aicpuCoresPerDie > 63) {
      throw new IllegalArgumentException("AICPU cores per die must be 1..63");
    }
  }

  /** Total number of dies (physical devices). */
  public int dieCount() {
    return diesPerChip.stream().mapToInt(Integer::intValue).sum();
  }

  /** The physical ids visible to the process, in logical order. */
  public List<Integer> visiblePhysicalIds() {
    if (!visibleDevices.isEmpty()) {
      return visibleDevices;
    }
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < dieCount(); i++) {
      all.add(i);
    }
    return all;
  }

  /** The code a reaped task reports. */
  public CannError effectiveWatchdogError() {
    return watchdogError != null ? watchdogError : profile.watchdogError();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Builds a {@link SimConfig}; defaults: one two-die chip, CANN 9.0.0, 64 MiB per die. */
  public static final class Builder {
    private List<Integer> diesPerChip = List.of(2);
    private List<Integer> visibleDevices = List.of();
    private SimProfile profile = SimProfile.DEFAULT;
    private long memoryBudgetBytes = 64L << 20;
    private final Map<Integer, Path> preinstallDirs = new TreeMap<>();
    private @Nullable Path customRoot;
    private boolean reinvokeInitWhileLatched = true;
    private @Nullable CannError watchdogError;
    private long opExecuteTimeoutMicros = 45_000_000L;
    private int aicpuCoresPerDie = 6;
    private boolean customSchedulerNonCoherent;

    private Builder() {}

    /** One entry per chip: its number of dies (1 or 2). */
    public Builder chips(Integer... diesPerChip) {
      this.diesPerChip = List.of(diesPerChip);
      return this;
    }

    /** Like {@code ASCEND_RT_VISIBLE_DEVICES}: physical ids in logical order. */
    public Builder visibleDevices(Integer... physicalIds) {
      this.visibleDevices = List.of(physicalIds);
      return this;
    }

    public Builder profile(SimProfile profile) {
      this.profile = profile;
      return this;
    }

    /**
     * A built-in profile by name ({@link SimProfile#builtInNames}), or the profile file at that
     * path (what {@code doctor --json} writes on a card).
     */
    public Builder profile(String nameOrFile) {
      this.profile = SimProfile.of(nameOrFile);
      return this;
    }

    /** The profile in a file, in the shape {@code doctor --json} writes ({@link SimProfile}). */
    public Builder profile(Path file) {
      this.profile = SimProfile.load(file);
      return this;
    }

    public Builder memoryBudgetBytes(long bytes) {
      this.memoryBudgetBytes = bytes;
      return this;
    }

    public Builder preinstallDir(int chip, Path dir) {
      this.preinstallDirs.put(chip, dir);
      return this;
    }

    public Builder customRoot(Path dir) {
      this.customRoot = dir;
      return this;
    }

    public Builder reinvokeInitWhileLatched(boolean reinvoke) {
      this.reinvokeInitWhileLatched = reinvoke;
      return this;
    }

    public Builder watchdogError(CannError error) {
      this.watchdogError = error;
      return this;
    }

    public Builder opExecuteTimeoutMicros(long micros) {
      this.opExecuteTimeoutMicros = micros;
      return this;
    }

    public Builder aicpuCoresPerDie(int cores) {
      this.aicpuCoresPerDie = cores;
      return this;
    }

    public Builder customSchedulerNonCoherent(boolean nonCoherent) {
      this.customSchedulerNonCoherent = nonCoherent;
      return this;
    }

    public SimConfig build() {
      return new SimConfig(
          diesPerChip,
          visibleDevices,
          profile,
          memoryBudgetBytes,
          preinstallDirs,
          customRoot,
          reinvokeInitWhileLatched,
          watchdogError,
          opExecuteTimeoutMicros,
          aicpuCoresPerDie,
          customSchedulerNonCoherent);
    }
  }
}
