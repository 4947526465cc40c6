/** Placeholder until this module's issue lands. */
@NullMarked
package io.github.aicpulaunch.architecture;

import org.jspecify.annotations.NullMarked;
