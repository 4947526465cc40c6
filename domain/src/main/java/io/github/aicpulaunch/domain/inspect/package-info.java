/** What the device would make of a runtime SO: the facts {@code aicpu-launch inspect} prints. */
@NullMarked
package io.github.aicpulaunch.domain.inspect;

import org.jspecify.annotations.NullMarked;
