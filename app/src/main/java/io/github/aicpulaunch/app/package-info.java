/** Placeholder until this module's issue lands. */
@NullMarked
package io.github.aicpulaunch.app;

import org.jspecify.annotations.NullMarked;
