package io.github.aicpulaunch.app.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import javax.inject.Singleton;

/**
 * The CANN backend's graph. {@link #adapter()} works on any machine and says whether CANN is
 * usable; everything that needs the ports fails with {@code CannUnavailableException} when it is
 * not.
 */
@Singleton
@Component(modules = CannBackendModule.class)
public interface CannComponent extends CannBackendComponent {
  static CannComponent create(CannOptions options) {
    return create(options, AddedStrategies.none());
  }

  static CannComponent create(CannOptions options, AddedStrategies added) {
    return DaggerCannComponent.factory().create(options, added);
  }

  /** Binds where to look for CANN and what the facade's builder added. */
  @Component.Factory
  interface Factory {
    CannComponent create(@BindsInstance CannOptions options, @BindsInstance AddedStrategies added);
  }
}
