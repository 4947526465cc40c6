package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.out.CannPorts;
import javax.inject.Inject;

/**
 * Brings a device back after a device failure without restarting the process (F17, P11): one {@code
 * aclrtResetDeviceForce}, the only call that clears a sticky poison, after which the process
 * registry forgets what it had deployed on the device, because the reset restarted the device's
 * AICPU OS and with it the dlopen cache, the KFC latch and the dispatcher's open runtimes.
 *
 * <p>Sessions on the device must be closed or abandoned first (a device failure abandons them
 * already); their handles died with the reset. When the reset itself fails, the failure is thrown
 * and nothing else is tried: the abandoned sessions stay abandoned and make no further device call
 * (F21's terminal abandonment); the way out is a fresh process. Thread-safe as far as the ports
 * are.
 */
public final class DeviceRecovery {
  private final CannPorts ports;
  private final BootstrapRegistry registry;
  private final BackendLifecycle lifecycle;

  @Inject
  public DeviceRecovery(CannPorts ports, BootstrapRegistry registry, BackendLifecycle lifecycle) {
    this.ports = ports;
    this.registry = registry;
    this.lifecycle = lifecycle;
  }

  /**
   * Force-resets a device and forgets its deployments; the next session on it deploys again.
   *
   * @param logicalDevice the device, as the process sees it
   * @throws io.github.aicpulaunch.ports.CannCallException when the reset fails; the deployments are
   *     forgotten anyway, since a reset that failed half-way may have restarted the AICPU OS
   */
  public void forceReset(int logicalDevice) {
    int physical = ports.runtime().physicalDeviceId(logicalDevice).orElse(logicalDevice);
    try {
      ports.devices().resetDeviceForce(logicalDevice);
      lifecycle.forceReset(logicalDevice);
    } catch (AicpuLaunchException e) {
      throw e.during(Phase.RESET);
    } finally {
      registry.forgetDevice(physical);
    }
  }
}
