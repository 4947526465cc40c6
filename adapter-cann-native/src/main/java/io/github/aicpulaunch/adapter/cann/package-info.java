/** Placeholder until this module's issue lands. */
@NullMarked
package io.github.aicpulaunch.adapter.cann;

import org.jspecify.annotations.NullMarked;
