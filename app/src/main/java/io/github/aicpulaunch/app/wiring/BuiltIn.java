package io.github.aicpulaunch.app.wiring;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import javax.inject.Qualifier;

/**
 * Marks the maps of aicpu-launch's own strategies and deployments ({@link StrategiesModule}), kept
 * apart from the unqualified maps extension modules contribute to, so that {@link
 * io.github.aicpulaunch.domain.spi.BuiltInStrategies} can hand a built-in to an extension that
 * decorates it without a dependency cycle.
 */
@Qualifier
@Documented
@Retention(RetentionPolicy.RUNTIME)
public @interface BuiltIn {}
