/**
 * The Dagger graph: one component per backend ({@link SimComponent}, {@link CannComponent}), each
 * built from one public bundle ({@link SimBackendModule}, {@link CannBackendModule}) that includes
 * the adapter's module, the built-in strategies bound by name ({@link StrategiesModule}, into the
 * {@link BuiltIn} maps), the join of built-in and extension strategies ({@link
 * InstalledStrategiesModule}), the domain services ({@link SessionModule}) and the packaged
 * dispatcher ({@link DispatcherSoModule}).
 *
 * <p>Extension points, from the simplest:
 *
 * <ul>
 *   <li>{@link io.github.aicpulaunch.app.AicpuLaunch#builder()}: add a strategy or deployment at
 *       run time; no Dagger needed.
 *   <li>An extension module that contributes {@code @Binds @IntoMap @StringKey("name")} (or
 *       {@code @Provides}) to {@code Map<String, LaunchStrategy>} or {@code Map<String,
 *       Deployment>}, listed with a bundle in the application's own {@code @Singleton @Component}
 *       that extends {@link SimBackendComponent} or {@link CannBackendComponent}; {@link
 *       io.github.aicpulaunch.app.AicpuLaunch#of} wraps that component.
 * </ul>
 *
 * <p>Either way an extension that decorates a built-in gets it by name from {@link
 * io.github.aicpulaunch.domain.spi.BuiltInStrategies}, never by its class.
 */
@NullMarked
package io.github.aicpulaunch.app.wiring;

import org.jspecify.annotations.NullMarked;
