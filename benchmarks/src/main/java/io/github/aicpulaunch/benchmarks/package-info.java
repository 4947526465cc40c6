/** Placeholder until this module's issue lands. */
@NullMarked
package io.github.aicpulaunch.benchmarks;

import org.jspecify.annotations.NullMarked;
