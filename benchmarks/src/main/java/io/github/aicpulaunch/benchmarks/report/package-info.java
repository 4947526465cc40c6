/**
 * The {@code bench} command line: runs the benchmarks with a short or full profile, then prints one
 * table of ratios against the native baselines measured in the same run ({@link
 * io.github.aicpulaunch.benchmarks.report.RatioTable}). The only code of this module that prints.
 */
@NullMarked
package io.github.aicpulaunch.benchmarks.report;

import org.jspecify.annotations.NullMarked;
