package io.github.aicpulaunch.domain.spi;

/** Where a deployment leaves the runtime SO, which decides how its entries can be reached. */
public enum RuntimeResidence {
  /**
   * A file under the AICPU scheduler's preinstall directory, named by {@link
   * RuntimeImage#preinstallName()}. Type-2 launches (JSON-registered or direct) find it there by
   * that basename.
   */
  PREINSTALL_DIRECTORY,

  /**
   * Inside CANN's KFC extend library ({@code libaicpu_extend_kernels.so}), which loaded the SO
   * itself. Only KFC launches of the library's server entry reach it; the preinstall directory has
   * no copy.
   */
  KFC_LIBRARY
}
