package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The emulated host runtime's launches: Mode A ({@code rtAicpuKernelLaunchExWithArgs}, names in the
 * argument blob) and Mode B ({@code rtsLaunchCpuKernel} on a function handle). A launch is queued
 * on its stream as a {@link SimTask}; the AICPU OS runs it. Thread-safe.
 */
final class SimLaunchPorts implements AicpuKernelLaunchPort, CpuKernelLaunchPort {
  private final SimHostState host;

  SimLaunchPorts(SimHostState host) {
    this.host = host;
  }

  @Override
  public void launchAicpuKernel(
      KernelType kernelType, String opName, int numBlocks, AicpuArgs args, StreamHandle stream) {
    String fn = "rtAicpuKernelLaunchExWithArgs";
    SimDevice d = host.usableDevice(fn);
    SimStream s = launchStream(d, stream, numBlocks, fn);
    checkAicpuType(kernelType, fn);
    byte[] blob = bytes(args.args());
    enqueue(
        d,
        s,
        kernelType,
        cString(blob, args.soNameOffset()),
        cString(blob, args.kernelNameOffset()),
        blob,
        numBlocks,
        d.opTimeoutMicros());
  }

  @Override
  public void launchCpuKernel(
      FunctionHandle function,
      int numBlocks,
      StreamHandle stream,
      LaunchConfig config,
      ByteBuffer payload) {
    String fn = "rtsLaunchCpuKernel";
    SimDevice d = host.usableDevice(fn);
    SimHostState.Function f = host.functions.get(function);
    if (f == null) {
      throw host.fail(CannError.INVALID_HANDLE, fn, function + " is not a live function handle");
    }
    SimStream s = launchStream(d, stream, numBlocks, fn);
    checkAicpuType(f.op().kernelType(), fn);
    long timeout = d.opTimeoutMicros();
    for (LaunchConfig.Attribute a : config.attributes()) {
      if (a.id() == LaunchConfig.ATTR_TIMEOUT && a.value() > 0) {
        timeout = (a.value() & 0xFFFF) * 1_000_000L;
      } else if (a.id() == LaunchConfig.ATTR_TIMEOUT_US && a.value() > 0) {
        timeout = a.value();
      }
    }
    enqueue(
        d,
        s,
        f.op().kernelType(),
        f.op().kernelSo(),
        f.op().functionName(),
        bytes(payload),
        numBlocks,
        timeout);
  }

  private SimStream launchStream(SimDevice d, StreamHandle stream, int numBlocks, String fn) {
    SimStream s = host.stream(stream, fn);
    if (s.device() != d) {
      throw host.fail(
          CannError.PARAM_INVALID,
          fn,
          stream + " belongs to device " + s.device().logicalId() + ", not " + d.logicalId());
    }
    if (numBlocks < 1) {
      throw host.fail(
          CannError.PARAM_INVALID, fn, "numBlocks must be at least 1, was " + numBlocks);
    }
    return s;
  }

  private void checkAicpuType(KernelType type, String fn) {
    switch (type) {
      case AICPU, AICPU_CUSTOM, AICPU_KFC -> {}
      default ->
          throw host.fail(
              CannError.PARAM_INVALID,
              fn,
              "kernel type " + type + " (" + type.value() + ") is not run by the AICPU");
    }
  }

  private void enqueue(
      SimDevice d,
      SimStream s,
      KernelType type,
      @Nullable String so,
      @Nullable String kernel,
      byte[] args,
      int numBlocks,
      long timeoutMicros) {
    s.enqueue(
        new SimTask(
            host.newTaskId(), d, s, type.value(), so, kernel, args, numBlocks, timeoutMicros));
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  /** The NUL-terminated string at {@code offset}, as CANN's name pointer reads it. */
  private static @Nullable String cString(byte[] blob, int offset) {
    if (offset == AicpuArgs.NO_NAME) {
      return null;
    }
    int end = offset;
    while (end < blob.length && blob[end] != 0) {
      end++;
    }
    return new String(blob, offset, end - offset, StandardCharsets.UTF_8);
  }
}
