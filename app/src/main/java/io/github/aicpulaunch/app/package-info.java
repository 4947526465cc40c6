/**
 * Wiring only: the Dagger components, the facade library users call and the command-line tool. No
 * business logic lives here.
 */
@NullMarked
package io.github.aicpulaunch.app;

import org.jspecify.annotations.NullMarked;
