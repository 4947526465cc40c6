package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The dispatcher bootstrap as upstream's host performs it (PROTOCOL.md 2.1, 2.2, 3.3b), written
 * here from the protocol tables so the simulator is tested against the facts, not against itself.
 */
final class Bootstrap {
  static final int ARGS_SIZE = 304;
  static final int DEVICE_ARGS_SIZE = 160;

  private Bootstrap() {}

  /** FNV-1a 64 over the whole buffer (PROTOCOL.md 5.4); what the test dispatcher names files by. */
  static long fnv1a(byte[] data) {
    long h = 0xcbf29ce484222325L;
    for (byte b : data) {
      h ^= b & 0xff;
      h *= 0x00000100000001b3L;
    }
    return h;
  }

  static String innerName(byte[] inner, long device) {
    return String.format("simpler_inner_%016x_%d.so", fnv1a(inner), device);
  }

  /** Bootstraps and synchronises; device buffers are freed on every path. */
  static void run(
      CannPorts ports, StreamHandle stream, byte[] dispatcher, byte[] inner, long deviceId) {
    DevicePtr disp = TestSos.upload(ports, dispatcher);
    DevicePtr in = TestSos.upload(ports, inner);
    ByteBuffer da = TestSos.le(DEVICE_ARGS_SIZE);
    da.putLong(96, disp.address()).putLong(104, dispatcher.length).putLong(112, deviceId);
    da.putLong(120, in.address()).putLong(128, inner.length);
    DevicePtr devArgs = TestSos.upload(ports, da.array());
    try {
      ports
          .aicpuLaunch()
          .launchAicpuKernel(KernelType.AICPU_KFC, "AST_DYN_AICPU", 1, args(devArgs), stream);
      ports.streams().synchronize(stream, 10_000);
    } finally {
      ports.memory().free(devArgs);
      ports.memory().free(in);
      ports.memory().free(disp);
    }
  }

  static AicpuArgs args(DevicePtr deviceArgs) {
    ByteBuffer a = TestSos.le(ARGS_SIZE);
    a.putLong(40, deviceArgs.address());
    a.put(208, "DynTileFwkKernelServerInit".getBytes(StandardCharsets.US_ASCII));
    a.put(240, "libaicpu_extend_kernels.so".getBytes(StandardCharsets.US_ASCII));
    return new AicpuArgs(a, 240, 208);
  }
}
