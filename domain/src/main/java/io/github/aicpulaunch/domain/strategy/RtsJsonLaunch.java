package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.descriptor.JsonDescriptor;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.inject.Inject;

/**
 * {@code rts-json} (Mode B, PROTOCOL §3.3 (c) and (d)): write a JSON descriptor for every declared
 * entry, register it with {@code rtsBinaryLoadFromFile(path, cpuKernelMode 0)}, resolve every entry
 * with {@code rtsFuncGetByName("<entry>_<fp>")} in declaration order, and launch each task with
 * {@code rtsLaunchCpuKernel} on the cached handle, payload as given, no launch attributes.
 *
 * <p>A miss while resolving unloads the binary, deletes the descriptor and fails naming the entry
 * (F9). Needs the rts API and a working JSON loader (CANN 8.5.0's answered 107000 to every file):
 * the policy picks it only where the device's loader passed the registration probe.
 */
public final class RtsJsonLaunch implements LaunchStrategy {
  public static final String NAME = BuiltInStrategies.RTS_JSON;

  @Inject
  public RtsJsonLaunch() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean needsJsonLoader() {
    return true;
  }

  @Override
  public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
    if (!runtime.has(Capability.RTS_BINARY_LOAD)
        || !runtime.has(Capability.RTS_LAUNCH_CPU_KERNEL)) {
      return Optional.of(
          "CANN "
              + runtime.version()
              + " lacks the rts API (rtsBinaryLoadFromFile, rtsFuncGetByName, rtsLaunchCpuKernel)");
    }
    if (deployment.residence() != RuntimeResidence.PREINSTALL_DIRECTORY) {
      return Optional.of(
          "deployment "
              + deployment.name()
              + " leaves no file in the preinstall directory for the descriptor's kernelSo");
    }
    return Optional.empty();
  }

  @Override
  public TaskLauncher prepare(LaunchContext context) {
    RuntimeImage image = context.image();
    Path descriptor = context.descriptorPaths().newDescriptorPath();
    JsonDescriptor.write(
        descriptor,
        JsonDescriptor.render(
            image.symbols(), JsonRegistration.fingerprint(image), image.preinstallName()));
    return JsonRegistration.register(
        context,
        descriptor,
        LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY),
        List.of(descriptor));
  }
}
