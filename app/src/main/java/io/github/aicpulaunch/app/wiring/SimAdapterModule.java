package io.github.aicpulaunch.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.Simulator;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.session.DeviceUsers;
import io.github.aicpulaunch.ports.out.CannPorts;
import javax.inject.Singleton;

/**
 * The simulator backend: a {@link Simulator} started from the {@link SimConfig} bound by the
 * component's factory, and its ports.
 *
 * <p>Lifecycle: the component starts the simulator on first use and never closes it; whoever
 * creates the component owns it and closes it ({@link io.github.aicpulaunch.app.AicpuLaunch} does).
 *
 * <p>Registry scope: one {@link BootstrapRegistry} per component, which means per simulator. The
 * registry stands for what this process has put on its devices; each simulator is a separate set of
 * chips whose preinstall directories and KFC latches start empty, so a registry shared with another
 * simulator in the same JVM would skip uploads the new chips never saw.
 */
@Module
public final class SimAdapterModule {
  private SimAdapterModule() {}

  @Provides
  @Singleton
  static Simulator simulator(SimConfig config) {
    return Simulator.start(config);
  }

  @Provides
  @Singleton
  static CannPorts ports(Simulator simulator) {
    return simulator.ports();
  }

  @Provides
  @Singleton
  static BootstrapRegistry registry() {
    return new BootstrapRegistry();
  }

  /** Like the registry: one per simulator, whose devices nothing else in the JVM uses. */
  @Provides
  @Singleton
  static DeviceUsers deviceUsers() {
    return new DeviceUsers();
  }
}
