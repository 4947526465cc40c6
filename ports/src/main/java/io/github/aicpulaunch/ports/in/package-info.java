/**
 * What a library user calls: open a {@link io.github.aicpulaunch.ports.in.Session} for a device
 * with a runtime SO and the entry points it declares, move data through device memory, launch
 * entries and close.
 */
@NullMarked
package io.github.aicpulaunch.ports.in;

import org.jspecify.annotations.NullMarked;
