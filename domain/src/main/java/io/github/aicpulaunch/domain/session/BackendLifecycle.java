package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.out.CannPorts;
import javax.inject.Inject;
import javax.inject.Singleton;

/**
 * One backend's share of the process's device lifecycle (PROTOCOL §8): the devices its sessions and
 * probes attached, and at {@link #close()} the reset of each device it was the last user of in the
 * process ({@link DeviceUsers}). After that reset the registry forgets the device: the reset ends
 * the process's context there, and with it the AICPU processes holding the dlopen cache, the KFC
 * latch and the dispatcher's open runtimes, so the next session deploys again.
 *
 * <p>ACL's own initialisation and finalization are the CANN adapter's (once per process, and at
 * shutdown). One instance per backend; thread-safe.
 */
@Singleton
public final class BackendLifecycle implements AutoCloseable {
  private final CannPorts ports;
  private final BootstrapRegistry registry;
  private final DeviceUsers users;

  @Inject
  public BackendLifecycle(CannPorts ports, BootstrapRegistry registry, DeviceUsers users) {
    this.ports = ports;
    this.registry = registry;
    this.users = users;
  }

  /** This backend attached the calling thread to the device. */
  void attached(int logicalDevice, int physicalDevice) {
    users.attached(this, logicalDevice, physicalDevice);
  }

  /** A session on the device was abandoned after a device failure: no soft reset at close (F22). */
  void failed(int logicalDevice) {
    users.failed(logicalDevice);
  }

  /** A force reset released the device's context. */
  void forceReset(int logicalDevice) {
    users.forceReset(logicalDevice);
  }

  /**
   * Resets every device this backend was the last user of in the process, whose context is live and
   * did not fail, and makes the registry forget it. Close the backend's sessions first. Every reset
   * is attempted; the first failure is thrown (phase {@link Phase#RESET}) with the others
   * suppressed. Idempotent.
   */
  @Override
  public void close() {
    AicpuLaunchException first = null;
    for (DeviceUsers.Released d : users.leave(this)) {
      if (!d.needsReset()) {
        continue;
      }
      try {
        ports.devices().resetDevice(d.logicalDevice());
      } catch (AicpuLaunchException e) {
        e.during(Phase.RESET, "device " + d.logicalDevice() + ", its last user closing");
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      } finally {
        registry.forgetDevice(d.physicalDevice());
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
