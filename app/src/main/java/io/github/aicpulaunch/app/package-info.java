/**
 * Wiring only: the facade library users call and, in {@code app.wiring}, the Dagger components. No
 * business logic lives here. The command-line tool ({@code app.cli}) is a separate artifact, {@code
 * aicpu-launch-cli}, built on this one.
 */
@NullMarked
package io.github.aicpulaunch.app;

import org.jspecify.annotations.NullMarked;
