/**
 * Annotations that state a type's role in the hexagon, for code whose package names do not follow
 * aicpu-launch's layout; {@link io.github.aicpulaunch.architecture.AnnotatedRules} checks them.
 */
@NullMarked
package io.github.aicpulaunch.architecture.annotation;

import org.jspecify.annotations.NullMarked;
