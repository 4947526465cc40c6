package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.abi.BootstrapArgs;
import io.github.aicpulaunch.domain.abi.DeviceArgs;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.SoBytes;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * The KFC bootstrap of PROTOCOL §3.3 (b), shared by the deployments that go through CANN's extend
 * library: upload the SO CANN loads ({@code aicpu_so_bin/len}) and, optionally, the SO it hands on
 * ({@code inner_so_bin/len}); upload the 160-byte DeviceArgs with {@code device_id} = the physical
 * id (F3b); launch the 304-byte blob as {@code KERNEL_TYPE_AICPU_KFC}, {@code "AST_DYN_AICPU"}, one
 * block, kernel {@code DynTileFwkKernelServerInit} in {@code libaicpu_extend_kernels.so}; wait for
 * the stream; free the buffers in reverse order on every path.
 */
final class KfcBootstrap {
  private KfcBootstrap() {}

  static void run(DeployContext context, SoBytes kfcSo, @Nullable SoBytes innerSo) {
    try (DeviceUploads uploads = new DeviceUploads(context.ports().memory())) {
      DevicePtr kfc = uploads.upload(kfcSo);
      long innerAddress = 0;
      long innerLength = 0;
      if (innerSo != null) {
        innerAddress = uploads.upload(innerSo).address();
        innerLength = innerSo.size();
      }
      DeviceArgs deviceArgs =
          new DeviceArgs(
              kfc.address(), kfcSo.size(), context.physicalDevice(), innerAddress, innerLength);
      DevicePtr deviceArgsPtr = uploads.upload(deviceArgs.encode());
      ByteBuffer blob = BootstrapArgs.forDispatcher(deviceArgsPtr.address()).encode();
      context
          .ports()
          .aicpuLaunch()
          .launchAicpuKernel(
              KernelType.AICPU_KFC,
              NamedKernelLauncher.OP_NAME,
              1,
              new AicpuArgs(blob, BootstrapArgs.OFFSET_SO_NAME, BootstrapArgs.OFFSET_KERNEL_NAME),
              context.stream());
      context.ports().streams().synchronize(context.stream());
    }
  }
}
