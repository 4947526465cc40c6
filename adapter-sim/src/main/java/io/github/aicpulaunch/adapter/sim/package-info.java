/** Placeholder until this module's issue lands. */
@NullMarked
package io.github.aicpulaunch.adapter.sim;

import org.jspecify.annotations.NullMarked;
