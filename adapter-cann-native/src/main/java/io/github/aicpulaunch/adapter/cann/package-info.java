/**
 * The CANN backend: implements every {@code ports.out} interface over CANN's {@code libascendcl.so}
 * and {@code libruntime.so} with JNA.
 *
 * <p>Public API: {@link io.github.aicpulaunch.adapter.cann.CannAdapter} (the Dagger-free entry
 * point), {@link io.github.aicpulaunch.adapter.cann.CannOptions} (library discovery), {@link
 * io.github.aicpulaunch.adapter.cann.CannReport} (what was found) and {@link
 * io.github.aicpulaunch.adapter.cann.AicpuArgsLayout}. Everything else, including every JNA type,
 * is package-private: the raw bindings are {@code AclLibrary}/{@code RuntimeLibrary} (interface
 * mapping, cold calls) and {@code DirectAicpuKernelLaunch}/{@code DirectCpuKernelLaunch}/{@code
 * DirectMemcpy}/{@code DirectStreamSync} (direct mapping, the per-launch path).
 *
 * <p>Only LP64 hosts (x86-64, aarch64 Linux) are supported: {@code size_t} and pointers are bound
 * as 64-bit integers.
 */
@NullMarked
package io.github.aicpulaunch.adapter.cann;

import org.jspecify.annotations.NullMarked;
