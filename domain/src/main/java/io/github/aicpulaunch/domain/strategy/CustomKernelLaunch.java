package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.descriptor.JsonDescriptor;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import io.github.aicpulaunch.domain.naming.DescriptorFileException;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code custom-kernel} (Path B, {@code KERNEL_TYPE_AICPU_CUSTOM} = 4), registered the way CANN
 * registers custom AICPU ops (PROTOCOL §4, §7.5): a JSON descriptor whose entries say {@code
 * opKernelLib} {@code "AICPUKernel"} with {@code userDefined} {@code "True"} (kernel type 4) and
 * {@code kernelSo} = the runtime's preinstall basename, a copy of the runtime SO next to it under
 * the same stem ({@code <stem>.so}), {@code rtsBinaryLoadFromFile(descriptor, cpuKernelMode 1)} —
 * which reads {@code <stem>.so} from the host and ships it to the device for the custom scheduler's
 * own per-process directory ({@code cust_aicpu_<device>_<vf>_<hostPid>}) — then {@code
 * rtsFuncGetByName} for every entry (a miss undoes it all, F9) and {@code rtsLaunchCpuKernel} per
 * task. The launches run in the custom scheduler, not the main one: nothing else in this project
 * fills its directory, and the deployment's upload (if any) is not what these launches reach.
 *
 * <p>{@code kernelSo} is the content-addressed preinstall name ({@code
 * simpler_inner_<fp>_<dev>.so}) rather than the per-registration stem, so that every session of one
 * runtime on one device names the same SO and the custom scheduler's SO cache (keyed by name for
 * its process's life) holds one loaded copy; its InitArgs are therefore launched once per device
 * ({@link #initScope}), separately from the copy the main scheduler loads.
 *
 * <p><b>Hazard (simpler issue #822, F2, P4):</b> the custom scheduler's worker threads are bound to
 * a CPU outside AICore's snoop domain, so an AICPU kernel that waits for an AICore write can read a
 * stale cache line forever; the host then sees 507018 ({@code ACL_ERROR_RT_AICPU_EXCEPTION}) at the
 * stream-sync timeout. {@code volatile}, {@code ldar} and cache maintenance do not help. Nobody has
 * re-validated Path B since CANN's unnamed mitigation. The policy therefore never picks this
 * strategy: it runs only when the user names it.
 *
 * <p>Pairs with any deployment, since mode 1 ships the SO itself; {@code preinstalled} makes no
 * device call and is the cheapest partner.
 */
public final class CustomKernelLaunch implements LaunchStrategy {
  public static final String NAME = BuiltInStrategies.CUSTOM_KERNEL;

  /** The {@link #initScope} of every custom-kernel session: the custom scheduler's copy. */
  public static final String INIT_SCOPE = "CUSTOM_SCHEDULER";

  /** The #822 hazard in one sentence, for error texts and the policy's explanation. */
  public static final String HAZARD =
      "KERNEL_TYPE_AICPU_CUSTOM kernels run on the custom scheduler, which is not cache-coherent"
          + " with AICore writes (simpler #822, F2, P4): a kernel waiting on AICore can spin on a"
          + " stale value until the host reports 507018";

  @Inject
  public CustomKernelLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean explicitOnly() {
    return true;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    String cann = "CANN " + runtime.version() + " (" + runtime.backend() + ")";
    if (!runtime.has(Capability.CUSTOM_KERNEL)) {
      return Optional.of(
          cann
              + " does not offer KERNEL_TYPE_AICPU_CUSTOM launches; even where it does, "
              + HAZARD);
    }
    if (!runtime.has(Capability.RTS_BINARY_LOAD)
        || !runtime.has(Capability.RTS_LAUNCH_CPU_KERNEL)) {
      return Optional.of(
          cann
              + " lacks the rts API (rtsBinaryLoadFromFile with cpuKernelMode 1, rtsFuncGetByName,"
              + " rtsLaunchCpuKernel) that registers a custom kernel; besides, "
              + HAZARD);
    }
    return Optional.empty();
  }

  /** A custom kernel is registered through the rts JSON loader (with cpuKernelMode 1). */
  @Override
  public boolean needsJsonLoader() {
    return true;
  }

  /** The custom scheduler keeps its own copy of the runtime, with its own state. */
  @Override
  public String initScope(Deployment deployment) {
    return INIT_SCOPE;
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    RuntimeImage image = context.image();
    Path descriptor = context.descriptorPaths().newDescriptorPath();
    Path so = besideDescriptor(descriptor);
    List<Path> files = List.of(descriptor, so);
    try {
      copyRuntime(image, so);
      JsonDescriptor.write(
          descriptor,
          JsonDescriptor.renderCustom(
              image.symbols(), JsonRegistration.fingerprint(image), image.preinstallName()));
    } catch (RuntimeException e) {
      JsonRegistration.deleteQuietly(files);
      throw e;
    }
    return JsonRegistration.register(
        context, descriptor, LoadOptions.cpuKernelMode(CpuKernelMode.SO_AND_JSON), files);
  }

  /**
   * {@code <stem>.so} for {@code <stem>.json}: CANN replaces everything from the last dot of the
   * descriptor path with {@code .so} to find the CPU SO (PROTOCOL §4).
   */
  static Path besideDescriptor(Path descriptor) {
    String path = descriptor.toString();
    int dot = path.lastIndexOf('.');
    if (dot < 0 || !path.endsWith(".json")) {
      throw new IllegalArgumentException(
          "descriptor path " + descriptor + " does not end in .json (F7)");
    }
    return Path.of(path.substring(0, dot) + ".so");
  }

  /**
   * Copies the runtime SO to {@code target} and checks that the copy still has the fingerprint the
   * session validated: a runtime rebuilt in place since the open would otherwise be registered
   * under the old name.
   */
  private static void copyRuntime(RuntimeImage image, Path target) {
    try {
      Files.copy(image.path(), target);
    } catch (IOException e) {
      throw new DescriptorFileException(
          target,
          "cannot hold a copy of " + image.path() + ": " + e,
          "Check that the descriptor directory is writable and has room for the runtime SO.",
          e);
    }
    Fingerprint copied = Fingerprints.ofFile(target);
    if (copied.value() != image.fingerprint()) {
      throw new InvalidRequestException(
          "Runtime SO "
              + image.path()
              + " changed since the session validated it (fingerprint "
              + image.fingerprintHex()
              + ", now "
              + copied.hex()
              + ").",
          "Do not rebuild the runtime SO while sessions are opening; open the session again.");
    }
  }
}
