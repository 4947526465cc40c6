package io.github.aicpulaunch.domain.spi;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.util.function.Supplier;

/**
 * Everything a {@link Deployment} may use to put one runtime SO onto one device.
 *
 * <p>The calling thread is already attached to {@code logicalDevice}. The SO bytes are owned by the
 * caller: read them (the dispatcher's from position to limit), do not keep them after {@link
 * Deployment#deploy} returns.
 *
 * @param ports the backend's CANN ports
 * @param logicalDevice the device id as the process sees it (ports take this one)
 * @param physicalDevice the driver-visible id when the runtime port can tell it, else {@code
 *     logicalDevice}; this is the id that names files on the device and goes into {@code
 *     DeviceArgs.device_id} (F3, F3b)
 * @param stream the session's stream, for the bootstrap launch and its synchronisation
 * @param image the validated runtime SO
 * @param runtimeSo the runtime SO bytes, streamed from its file on each pass and checked against
 *     {@code image}'s size and fingerprint
 * @param dispatcherSo the dispatcher SO bytes for the device's architecture, read on first use
 *     (deployments that do not upload the dispatcher never call it)
 */
public record DeployContext(
    CannPorts ports,
    int logicalDevice,
    int physicalDevice,
    StreamHandle stream,
    RuntimeImage image,
    SoBytes runtimeSo,
    Supplier<ByteBuffer> dispatcherSo) {
  public DeployContext {
    if (logicalDevice < 0 || physicalDevice < 0) {
      throw new IllegalArgumentException(
          "device ids must be >= 0, were " + logicalDevice + " / " + physicalDevice);
    }
    if (runtimeSo.size() != image.size()) {
      throw new IllegalArgumentException(
          "runtime SO bytes ("
              + runtimeSo.size()
              + ") do not match the image size ("
              + image.size()
              + ")");
    }
  }
}
