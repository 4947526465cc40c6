/**
 * The benchmark report: measurements reduced to medians ({@link
 * io.github.aicpulaunch.benchmarks.report.Measurement}) and the table of ratios against the native
 * baselines measured in the same run ({@link io.github.aicpulaunch.benchmarks.report.RatioTable}).
 */
@NullMarked
package io.github.aicpulaunch.benchmarks.report;

import org.jspecify.annotations.NullMarked;
