package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.adapter.sim.Simulator;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.ports.out.CannPorts;
import java.nio.file.Path;

/**
 * A simulator with one single-die chip (CANN 9.0.0 profile, 128 MiB of device memory, room for a 64
 * MiB runtime SO and the dispatcher during a bootstrap) and a descriptor directory. One per JMH
 * trial; {@link #close()} stops the AICPU OS process and deletes every file.
 */
public final class SimFixture implements AutoCloseable {
  private static final long MEMORY = 128L << 20;

  private final Simulator sim;
  private final DescriptorDirectory descriptors;

  private SimFixture(Simulator sim, DescriptorDirectory descriptors) {
    this.sim = sim;
    this.descriptors = descriptors;
  }

  public static SimFixture start() {
    return start(MEMORY);
  }

  /**
   * A simulator of one chip with {@code memoryBytes} of device memory per die and 63 AICPU cores
   * per die (the most OCCUPY can give), so a launch of up to 63 blocks runs all of them at once, as
   * the C fan-out it is compared with does.
   */
  public static SimFixture start(long memoryBytes) {
    Simulator sim =
        Simulator.start(
            SimConfig.builder()
                .chips(1)
                .memoryBudgetBytes(memoryBytes)
                .aicpuCoresPerDie(63)
                .build());
    try {
      return new SimFixture(sim, DescriptorDirectory.createUnder(BenchFiles.newDirectory("json-")));
    } catch (RuntimeException e) {
      sim.close();
      throw e;
    }
  }

  public CannPorts ports() {
    return sim.ports();
  }

  public SimInspector inspector() {
    return sim.inspector();
  }

  /** A session service with its own bootstrap registry: a fresh process, as far as it knows. */
  public SessionService service(BootstrapRegistry registry) {
    return Services.sessionService(sim.ports(), registry, descriptors);
  }

  public Path preinstallDir() {
    return sim.inspector().preinstallDir(0);
  }

  @Override
  public void close() {
    try {
      descriptors.close();
    } finally {
      sim.close();
    }
  }
}
