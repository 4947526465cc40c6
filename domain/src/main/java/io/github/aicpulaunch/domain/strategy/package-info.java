/**
 * The built-in deployments ({@code dispatcher-upload}, {@code preinstalled}, {@code legacy-kfc})
 * and launch strategies ({@code rts-json}, {@code direct-aicpu}, {@code dispatch-through}, {@code
 * legacy-kfc}, {@code custom-kernel}). Each follows PROTOCOL §3.3 call for call and byte for byte;
 * each is a plain class with an {@code @Inject} constructor that the application contributes to the
 * strategy maps by its {@code NAME}.
 */
@NullMarked
package io.github.aicpulaunch.domain.strategy;

import org.jspecify.annotations.NullMarked;
