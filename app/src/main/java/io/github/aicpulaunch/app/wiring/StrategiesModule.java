package io.github.aicpulaunch.app.wiring;

import dagger.Binds;
import dagger.Module;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.strategy.CustomKernelLaunch;
import io.github.aicpulaunch.domain.strategy.DirectAicpuLaunch;
import io.github.aicpulaunch.domain.strategy.DispatchThroughLaunch;
import io.github.aicpulaunch.domain.strategy.DispatcherUploadDeployment;
import io.github.aicpulaunch.domain.strategy.LegacyKfcDeployment;
import io.github.aicpulaunch.domain.strategy.LegacyKfcLaunch;
import io.github.aicpulaunch.domain.strategy.PreinstalledDeployment;
import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;

/**
 * Every built-in deployment and launch strategy, keyed by the name users pass ({@code --deploy},
 * {@code --launch}, {@link io.github.aicpulaunch.ports.in.OpenSessionCommand}), into the {@link
 * BuiltIn} maps. Extension modules contribute to the unqualified maps instead; {@link
 * InstalledStrategiesModule} joins both for the policy.
 */
@Module
public interface StrategiesModule {
  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(DispatcherUploadDeployment.NAME)
  Deployment dispatcherUpload(DispatcherUploadDeployment deployment);

  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(PreinstalledDeployment.NAME)
  Deployment preinstalled(PreinstalledDeployment deployment);

  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(LegacyKfcDeployment.NAME)
  Deployment legacyKfc(LegacyKfcDeployment deployment);

  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(RtsJsonLaunch.NAME)
  LaunchStrategy rtsJson(RtsJsonLaunch launch);

  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(DirectAicpuLaunch.NAME)
  LaunchStrategy directAicpu(DirectAicpuLaunch launch);

  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(DispatchThroughLaunch.NAME)
  LaunchStrategy dispatchThrough(DispatchThroughLaunch launch);

  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(CustomKernelLaunch.NAME)
  LaunchStrategy customKernel(CustomKernelLaunch launch);

  /** The launch half of the {@code legacy-kfc} pair; the deployment of that name is its partner. */
  @Binds
  @IntoMap
  @BuiltIn
  @StringKey(LegacyKfcLaunch.NAME)
  LaunchStrategy legacyKfcLaunch(LegacyKfcLaunch launch);
}
