package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.ports.out.DeviceArch;
import java.nio.ByteBuffer;

/**
 * Where the dispatcher SO's bytes come from. The application binds one (the SO ships as a resource
 * per architecture). Called only by deployments that upload the dispatcher, once per bootstrap.
 */
@FunctionalInterface
public interface DispatcherSo {
  /**
   * The dispatcher built for {@code arch}, position to limit; the caller does not modify it.
   *
   * @throws io.github.aicpulaunch.ports.InvalidRequestException when none is available for {@code
   *     arch}
   */
  ByteBuffer forArch(DeviceArch arch);
}
