/**
 * The simulator backend: an implementation of every {@code ports.out} interface that behaves at the
 * API the way CANN behaves on a card, while device SOs really run in one "AICPU OS" process per
 * simulated chip.
 *
 * <p>Public API: {@link io.github.aicpulaunch.adapter.sim.Simulator} (start, ports, close), {@link
 * io.github.aicpulaunch.adapter.sim.SimConfig}, {@link
 * io.github.aicpulaunch.adapter.sim.SimProfile}, {@link io.github.aicpulaunch.adapter.sim.SimFault}
 * and {@link io.github.aicpulaunch.adapter.sim.SimInspector}. Everything else is internal. This
 * module depends on {@code ports} only, never on {@code domain}: it is an independent model of CANN
 * written from PROTOCOL.md, so a layout or naming mistake in the domain shows up as a failing test.
 */
@NullMarked
package io.github.aicpulaunch.adapter.sim;

import org.jspecify.annotations.NullMarked;
