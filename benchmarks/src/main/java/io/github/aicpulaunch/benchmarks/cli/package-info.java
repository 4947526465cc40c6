/**
 * The {@code bench} command line ({@code benchmarks/bench}): runs the benchmarks and prints the
 * report. The only code of this module that writes to the console.
 */
@NullMarked
package io.github.aicpulaunch.benchmarks.cli;

import org.jspecify.annotations.NullMarked;
