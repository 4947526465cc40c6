package io.github.aicpulaunch.domain.spi;

import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.StreamHandle;

/**
 * Everything a {@link LaunchStrategy} may use to prepare the launches of one session. The runtime
 * SO is already deployed ({@link Deployment#deploy} ran for this fingerprint and physical device in
 * this process) and the calling thread is attached to {@code logicalDevice}.
 *
 * @param ports the backend's CANN ports
 * @param logicalDevice the device id as the process sees it
 * @param physicalDevice the driver-visible id when known, else {@code logicalDevice} (F3b)
 * @param stream the session's stream; every launch goes there
 * @param image the deployed runtime SO
 * @param residence where the deployment left the SO
 * @param descriptorPaths where to write JSON descriptors, if the strategy needs one
 * @param timeouts the session's timeout chain
 * @param launchConfig launch attributes for {@code rtsLaunchCpuKernel} ({@link LaunchConfig#none()}
 *     is upstream's choice)
 */
public record LaunchContext(
    CannPorts ports,
    int logicalDevice,
    int physicalDevice,
    StreamHandle stream,
    RuntimeImage image,
    RuntimeResidence residence,
    DescriptorPaths descriptorPaths,
    TimeoutChain timeouts,
    LaunchConfig launchConfig) {
  public LaunchContext {
    if (logicalDevice < 0 || physicalDevice < 0) {
      throw new IllegalArgumentException(
          "device ids must be >= 0, were " + logicalDevice + " / " + physicalDevice);
    }
  }
}
