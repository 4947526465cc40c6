package io.github.aicpulaunch.domain.session;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.inject.Inject;

/**
 * Which open backends of this process use which device, and whether the device's context needs a
 * reset when the last of them closes (PROTOCOL §8: upstream resets each device at finalize).
 *
 * <p>A context is live from an attach until a reset; a force reset (recovery) releases it, and a
 * session abandoned after a device failure marks the device failed: a soft reset of a failed device
 * can block for minutes (F22) and a second reset of a force-released context is 507007, so neither
 * is reset at the last close. One instance per process for CANN (the wiring binds it once), one per
 * simulator. Thread-safe.
 */
public final class DeviceUsers {
  /** A device a closing backend was the last user of, and what its context needs. */
  public record Released(int logicalDevice, int physicalDevice, boolean needsReset) {}

  private static final class Device {
    final Set<Object> users = new HashSet<>();
    int physical;
    boolean live;
    boolean failed;
  }

  private final Map<Integer, Device> devices = new TreeMap<>();

  @Inject
  public DeviceUsers() {}

  /** {@code user} attached the calling thread to the device: its context is live. */
  public synchronized void attached(Object user, int logicalDevice, int physicalDevice) {
    Device d = devices.computeIfAbsent(logicalDevice, k -> new Device());
    d.users.add(user);
    d.physical = physicalDevice;
    d.live = true;
  }

  /** A session on the device was abandoned after a device failure. */
  public synchronized void failed(int logicalDevice) {
    Device d = devices.get(logicalDevice);
    if (d != null) {
      d.failed = true;
    }
  }

  /** A force reset released the device's context and cleared its failure. */
  public synchronized void forceReset(int logicalDevice) {
    Device d = devices.get(logicalDevice);
    if (d != null) {
      d.live = false;
      d.failed = false;
    }
  }

  /**
   * {@code user} closes: the devices it was the last user of, forgotten here, each saying whether
   * its context should be reset (live and not failed).
   */
  public synchronized List<Released> leave(Object user) {
    List<Released> last = new ArrayList<>();
    for (var it = devices.entrySet().iterator(); it.hasNext(); ) {
      var e = it.next();
      Device d = e.getValue();
      if (d.users.remove(user) && d.users.isEmpty()) {
        last.add(new Released(e.getKey(), d.physical, d.live && !d.failed));
        it.remove();
      }
    }
    return last;
  }
}
