package io.github.aicpulaunch.app.wiring;

import dagger.BindsOptionalOf;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.Multibinds;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.session.LaunchPolicy;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import java.util.Map;
import java.util.Optional;
import javax.inject.Singleton;

/**
 * Joins the three sources of strategies into the policy's maps: the {@link BuiltIn} maps of {@link
 * StrategiesModule}, the unqualified maps extension modules contribute to
 * ({@code @Binds @IntoMap @StringKey("name")}; declared here, so they may stay empty), and the
 * {@link AddedStrategies} a component may bind (the facade's builder does). Also binds {@link
 * BuiltInStrategies}, which an extension module may inject to decorate a built-in.
 */
@Module
public abstract class InstalledStrategiesModule {
  private InstalledStrategiesModule() {}

  /** Launch strategies contributed by extension modules. */
  @Multibinds
  abstract Map<String, LaunchStrategy> contributedLaunchStrategies();

  /** Deployments contributed by extension modules. */
  @Multibinds
  abstract Map<String, Deployment> contributedDeployments();

  /** What the facade's builder added, when the component binds it. */
  @BindsOptionalOf
  abstract AddedStrategies added();

  @Provides
  @Singleton
  static BuiltInStrategies builtIns(
      @BuiltIn Map<String, LaunchStrategy> launchStrategies,
      @BuiltIn Map<String, Deployment> deployments) {
    return new BuiltInLookup(launchStrategies, deployments);
  }

  /**
   * @throws IllegalArgumentException when an extension's name is malformed, taken, or not what its
   *     {@code name()} answers
   */
  @Provides
  @Singleton
  static InstalledStrategies installed(
      BuiltInStrategies builtIns,
      Map<String, LaunchStrategy> contributedLaunchStrategies,
      Map<String, Deployment> contributedDeployments,
      Optional<AddedStrategies> added) {
    return new InstalledStrategies(
        builtIns,
        contributedLaunchStrategies,
        contributedDeployments,
        added.orElseGet(AddedStrategies::none));
  }

  @Provides
  static LaunchPolicy policy(InstalledStrategies installed, BootstrapRegistry registry) {
    return new LaunchPolicy(installed.deployments(), installed.launchStrategies(), registry);
  }
}
