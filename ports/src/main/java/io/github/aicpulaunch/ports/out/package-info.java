/**
 * Role interfaces over CANN's API families, and the values that cross them. The CANN adapter
 * implements them over {@code libascendcl.so}/{@code libruntime.so}; the simulator implements them
 * by emulation. Every method that CANN can fail throws {@link
 * io.github.aicpulaunch.ports.CannCallException} carrying CANN's code.
 *
 * <p>Threading: CANN binds a device to the calling thread. Callers attach each thread with {@link
 * io.github.aicpulaunch.ports.out.DeviceControlPort#setDevice} before memory, stream or launch
 * calls (F25).
 */
@NullMarked
package io.github.aicpulaunch.ports.out;

import org.jspecify.annotations.NullMarked;
