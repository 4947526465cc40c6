/**
 * The vocabulary of the hexagon and nothing else.
 *
 * <ul>
 *   <li>{@link io.github.aicpulaunch.ports.in}: what a library user calls.
 *   <li>{@link io.github.aicpulaunch.ports.out}: small role interfaces over CANN's API families,
 *       implemented by the CANN adapter and by the simulator.
 *   <li>This package: the error vocabulary shared by both sides ({@link CannError}, {@link
 *       AicpuLaunchException} and its subclasses).
 * </ul>
 *
 * <p>No JNA, no I/O, no framework: only values and interfaces. Records validate in their
 * constructor, so an invalid value never crosses a port.
 */
@NullMarked
package io.github.aicpulaunch.ports;

import org.jspecify.annotations.NullMarked;
