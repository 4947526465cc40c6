/**
 * The public extension contract for getting a runtime SO onto a device and launching its entries.
 *
 * <p>Two questions decide how a task reaches the AICPU, and each answer is a pluggable piece:
 *
 * <ul>
 *   <li>{@link io.github.aicpulaunch.domain.spi.Deployment}: how the runtime SO gets onto the
 *       device, once per process, fingerprint and physical device.
 *   <li>{@link io.github.aicpulaunch.domain.spi.LaunchStrategy}: how an entry is invoked once the
 *       SO is there; it registers what it needs and hands out a {@link
 *       io.github.aicpulaunch.domain.spi.TaskLauncher} for the life of one session.
 * </ul>
 *
 * <p>Implementations are installed by {@code name()}, either added to the facade's builder or
 * contributed to a map by a Dagger {@code @IntoMap} binding in the application, so an extension
 * module adds one without editing this project. An extension that decorates a built-in gets it by
 * name from {@link io.github.aicpulaunch.domain.spi.BuiltInStrategies}, never by its class. An
 * extension strategy depends only on {@code io.github.aicpulaunch.ports} and this package: every
 * type a strategy sees here is either a port type or a value type owned by this package.
 *
 * <p>Stability: the types in this package are a public contract. Methods are added only with a
 * default implementation; value types only gain components through a new constructor.
 */
@NullMarked
package io.github.aicpulaunch.domain.spi;

import org.jspecify.annotations.NullMarked;
