/**
 * JMH benchmarks of the host side, each paired with a native baseline built by this module's CMake
 * and run in the same harness, so results are ratios that survive a noisy machine. Run on demand
 * ({@code benchmarks/bench}); never part of CI gating.
 *
 * <p>The {@code *Benchmark} classes are JMH states and benchmarks; the rest are the fixtures they
 * share: the native baselines ({@link io.github.aicpulaunch.benchmarks.NativeBaselines}), the files
 * the benchmarks use ({@link io.github.aicpulaunch.benchmarks.BenchFiles}), a session service over
 * any backend ({@link io.github.aicpulaunch.benchmarks.Services}).
 */
@NullMarked
package io.github.aicpulaunch.benchmarks;

import org.jspecify.annotations.NullMarked;
