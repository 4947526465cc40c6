package io.github.aicpulaunch.app.wiring;

import dagger.Module;
import dagger.Provides;
import io.github.aicpulaunch.domain.session.DispatcherSo;

/** The dispatcher SO for the device's architecture, from {@code dispatcher-c}'s resources. */
@Module
public final class DispatcherSoModule {
  private DispatcherSoModule() {}

  @Provides
  static DispatcherSo dispatcherSo() {
    return new PackagedSos();
  }
}
