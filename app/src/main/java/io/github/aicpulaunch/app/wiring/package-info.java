/**
 * The Dagger graph: one component per backend ({@link SimComponent}, {@link CannComponent}), one
 * public module per adapter ({@link SimAdapterModule}, {@link CannAdapterModule}), the built-in
 * strategies bound by name ({@link StrategiesModule}), the domain services ({@link SessionModule})
 * and the packaged dispatcher ({@link DispatcherSoModule}).
 *
 * <p>Extension point: a module that contributes {@code @Binds @IntoMap @StringKey("name")} to
 * {@code Map<String, LaunchStrategy>} or {@code Map<String, Deployment>} adds a strategy without
 * touching these modules; a component that lists it next to {@link StrategiesModule} offers it to
 * the policy by that name.
 */
@NullMarked
package io.github.aicpulaunch.app.wiring;

import org.jspecify.annotations.NullMarked;
