/**
 * The {@code aicpu-launch} command line. The only package that writes to standard output and
 * standard error.
 */
@NullMarked
package io.github.aicpulaunch.app.cli;

import org.jspecify.annotations.NullMarked;
