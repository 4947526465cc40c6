package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Binds the direct-mapped classes ({@link DirectAicpuKernelLaunch}, {@link DirectCpuKernelLaunch},
 * {@link DirectMemcpy}, {@link DirectStreamSync}) to the CANN installation a process loads.
 *
 * <p>JNA registers a class's natives once per JVM and against one library, and CANN itself keeps
 * process-wide state (ACL initialisation, device contexts), so a process serves one CANN
 * installation: the first one bound stays bound for the life of the JVM, loading it again is fine,
 * and a different one is refused.
 */
final class DirectNatives {
  private static @Nullable Path boundRuntime;
  private static @Nullable Path boundAcl;

  private DirectNatives() {}

  /**
   * Binds the per-launch calls of {@code cann}, unless this JVM already bound them.
   *
   * @return why {@code cann} cannot be used in this process (another installation is bound), or
   *     empty when its calls are bound
   */
  static synchronized Optional<String> bind(NativeCann cann) {
    Path runtime = cann.runtimePath;
    Path acl = cann.aclPath;
    if (boundRuntime != null) {
      if (boundRuntime.equals(runtime) && acl.equals(boundAcl)) {
        return Optional.empty();
      }
      return Optional.of(
          "this process already uses the CANN libraries "
              + boundRuntime
              + " and "
              + boundAcl
              + "; one process serves one CANN installation, so "
              + runtime
              + " and "
              + acl
              + " cannot be used as well");
    }
    if (cann.has("rtAicpuKernelLaunchExWithArgs")) {
      Native.register(DirectAicpuKernelLaunch.class, cann.runtimeLibrary);
    }
    if (cann.has("rtsLaunchCpuKernel")) {
      Native.register(DirectCpuKernelLaunch.class, cann.runtimeLibrary);
    }
    Native.register(DirectMemcpy.class, cann.aclLibrary);
    if (cann.has("aclrtSynchronizeStreamWithTimeout")) {
      Native.register(DirectStreamSync.class, cann.aclLibrary);
    }
    boundRuntime = runtime;
    boundAcl = acl;
    return Optional.empty();
  }
}
