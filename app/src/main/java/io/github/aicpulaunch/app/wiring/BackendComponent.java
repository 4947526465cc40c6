package io.github.aicpulaunch.app.wiring;

import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.session.BackendLifecycle;
import io.github.aicpulaunch.domain.session.DeviceProbes;
import io.github.aicpulaunch.domain.session.DeviceRecovery;
import io.github.aicpulaunch.domain.session.LaunchPolicy;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.ports.in.OpenSessionUseCase;
import io.github.aicpulaunch.ports.out.CannPorts;
import java.util.Map;

/**
 * What every backend's component offers, and so what {@link
 * io.github.aicpulaunch.app.AicpuLaunch#of} needs from an application's own component. An
 * application's component extends {@link SimBackendComponent} or {@link CannBackendComponent}
 * rather than this interface, so the facade knows what to close.
 */
public interface BackendComponent {
  /** The library's entry point, over this backend's ports. */
  OpenSessionUseCase sessions();

  CannPorts ports();

  LaunchPolicy policy();

  /** Every launch strategy and deployment the policy may choose: built-in, contributed, added. */
  InstalledStrategies installed();

  /** Every launch strategy by name, built-in and contributed. */
  default Map<String, LaunchStrategy> launchStrategies() {
    return installed().launchStrategies();
  }

  /** Every deployment by name, built-in and contributed. */
  default Map<String, Deployment> deployments() {
    return installed().deployments();
  }

  /** Force reset of a failed device, forgetting what this backend's registry deployed on it. */
  DeviceRecovery recovery();

  /** The probes {@code doctor} runs on a device: no kernel, CANN's answers recorded. */
  DeviceProbes probes();

  /** The devices this backend attached, reset when it is their last user; its owner closes it. */
  BackendLifecycle lifecycle();

  /** The component's private descriptor directory; its owner closes it. */
  DescriptorDirectory descriptors();
}
