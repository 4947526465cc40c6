package io.github.aicpulaunch.adapter.cann;

/**
 * Direct-mapped {@code aclrtMemcpy}, on the per-launch path of strategies that write each launch's
 * payload to device memory ({@code dispatch-through}). Pointers are raw addresses, so a call
 * allocates nothing; interface mapping boxed every argument and wrapped each address in a {@code
 * Pointer}. Its own class because JNA registers a class's natives all or nothing and against one
 * library ({@code libascendcl.so}, not {@code libruntime.so}); see {@link DirectNatives} for the
 * one-library-per-JVM rule.
 */
final class DirectMemcpy {
  private DirectMemcpy() {}

  /**
   * {@code aclError aclrtMemcpy(void *dst, size_t destMax, const void *src, size_t count,
   * aclrtMemcpyKind kind)}.
   */
  static native int aclrtMemcpy(long dst, long destMax, long src, long count, int kind);
}
