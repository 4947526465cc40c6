package io.github.aicpulaunch.app.wiring;

import dagger.BindsInstance;
import dagger.Component;
import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import javax.inject.Singleton;

/**
 * The CANN backend's graph. {@link #adapter()} works on any machine and says whether CANN is
 * usable; everything that needs the ports fails with {@code CannUnavailableException} when it is
 * not.
 */
@Singleton
@Component(
    modules = {
      CannAdapterModule.class,
      SessionModule.class,
      StrategiesModule.class,
      DispatcherSoModule.class
    })
public interface CannComponent extends BackendComponent {
  CannAdapter adapter();

  static CannComponent create(CannOptions options) {
    return DaggerCannComponent.factory().create(options);
  }

  /** Binds where to look for CANN. */
  @Component.Factory
  interface Factory {
    CannComponent create(@BindsInstance CannOptions options);
  }
}
