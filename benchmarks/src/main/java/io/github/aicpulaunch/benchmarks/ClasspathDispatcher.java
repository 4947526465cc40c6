package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.domain.session.DispatcherSo;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.nio.ByteBuffer;

/**
 * The project's dispatcher SO from the dispatcher-c jar, read once. For aarch64 the cross-built
 * dispatcher is used when the build had the cross compiler; otherwise the x86-64 one stands in,
 * which only the no-op CANN ever receives (it copies the bytes and runs nothing), so the
 * measurement keeps the real size and copy.
 */
final class ClasspathDispatcher implements DispatcherSo {
  private final ByteBuffer x86;
  private final ByteBuffer aarch64;

  ClasspathDispatcher() {
    this.x86 = direct(BenchFiles.resource("linux-x86-64/libaicpu_dispatcher.so"));
    ByteBuffer arm;
    try {
      arm = direct(BenchFiles.resource("linux-aarch64/libaicpu_dispatcher.so"));
    } catch (BaselineException e) {
      arm = x86;
    }
    this.aarch64 = arm;
  }

  @Override
  public ByteBuffer forArch(DeviceArch arch) {
    return (arch == DeviceArch.AARCH64 ? aarch64 : x86).duplicate();
  }

  private static ByteBuffer direct(byte[] bytes) {
    ByteBuffer b = ByteBuffer.allocateDirect(bytes.length);
    b.put(bytes).flip();
    return b.asReadOnlyBuffer();
  }
}
