package io.github.aicpulaunch.app.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.Provides;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.ports.in.OpenSessionUseCase;
import javax.inject.Singleton;

/**
 * The domain services every backend shares: the session service as the library's entry point, the
 * upstream-compatible naming, and one private descriptor directory per component (closed by the
 * facade that owns the component).
 */
@Module
public abstract class SessionModule {
  private SessionModule() {}

  @Binds
  abstract OpenSessionUseCase sessions(SessionService service);

  @Provides
  static PreinstallNaming naming() {
    return PreinstallNaming.DEFAULT;
  }

  @Provides
  @Singleton
  static DescriptorDirectory descriptors() {
    return DescriptorDirectory.create();
  }
}
