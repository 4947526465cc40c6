package io.github.aicpulaunch.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.session.DeviceUsers;
import io.github.aicpulaunch.ports.out.CannPorts;
import java.util.concurrent.ConcurrentHashMap;
import javax.inject.Singleton;

/**
 * The CANN backend: the {@link CannAdapter} for the {@link CannOptions} bound by the component's
 * factory, and its ports.
 *
 * <p>Process-wide state lives in static holders here, on purpose: CANN's libraries stay loaded for
 * the life of the JVM and the devices' AICPU processes (their preinstall files, dlopen caches and
 * KFC latches) are shared by everything in this process. So there is one adapter per set of options
 * and one {@link BootstrapRegistry} per JVM, however many components are created; a second
 * component must not upload again what the first one already put on a device.
 */
@Module
public final class CannAdapterModule {
  private static final BootstrapRegistry PROCESS_REGISTRY = new BootstrapRegistry();
  private static final DeviceUsers PROCESS_DEVICE_USERS = new DeviceUsers();
  private static final ConcurrentHashMap<CannOptions, CannAdapter> ADAPTERS =
      new ConcurrentHashMap<>();

  private CannAdapterModule() {}

  @Provides
  @Singleton
  static CannAdapter adapter(CannOptions options) {
    return ADAPTERS.computeIfAbsent(options, CannAdapter::load);
  }

  /**
   * @throws io.github.aicpulaunch.adapter.cann.CannUnavailableException when CANN cannot be used
   */
  @Provides
  @Singleton
  static CannPorts ports(CannAdapter adapter) {
    return adapter.ports();
  }

  @Provides
  static BootstrapRegistry registry() {
    return PROCESS_REGISTRY;
  }

  /** The process's device contexts are shared by every component, like CANN itself. */
  @Provides
  static DeviceUsers deviceUsers() {
    return PROCESS_DEVICE_USERS;
  }
}
