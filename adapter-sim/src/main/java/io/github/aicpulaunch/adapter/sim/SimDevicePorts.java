package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.HostBytes;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The emulated host runtime's device side: runtime information, devices (per-thread attach, reset,
 * force reset, poison), device memory and streams. Thread-safe; the state lives in {@link
 * SimHostState}.
 */
final class SimDevicePorts
    implements RuntimeInfoPort, DeviceControlPort, DeviceMemoryPort, StreamPort {
  private final SimHostState host;

  SimDevicePorts(SimHostState host) {
    this.host = host;
  }

  // ---- RuntimeInfoPort -----------------------------------------------------------------------

  @Override
  public boolean isAvailable() {
    return NativeFiles.unsupportedReason() == null;
  }

  @Override
  public Optional<String> unavailabilityCause() {
    return Optional.ofNullable(NativeFiles.unsupportedReason());
  }

  @Override
  public RuntimeInfo info() {
    SimConfig config = host.config;
    SimProfile p = config.profile();
    return new RuntimeInfo(
        "sim",
        p.version(),
        p.socName(),
        DeviceArch.X86_64,
        p.capabilities(),
        "aicpu-launch simulator, CANN "
            + p.version()
            + " profile, "
            + config.diesPerChip().size()
            + " chip(s), "
            + host.logical().size()
            + " visible device(s)");
  }

  @Override
  public OptionalInt physicalDeviceId(int logicalDevice) {
    List<SimDevice> logical = host.logical();
    if (logicalDevice < 0 || logicalDevice >= logical.size()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(logical.get(logicalDevice).physicalId());
  }

  @Override
  public Optional<String> recentErrorMessage() {
    return Optional.ofNullable(host.recentError());
  }

  // ---- DeviceControlPort ---------------------------------------------------------------------

  @Override
  public void setDevice(int device) {
    SimDevice d = host.byLogical(device, "rtSetDevice");
    d.setForceReleased(false); // a new context replaces the one a force reset released
    host.attach(d);
  }

  @Override
  public void resetDevice(int device) {
    SimDevice d = host.byLogical(device, "rtDeviceReset");
    checkNotForceReleased(d, "rtDeviceReset");
    releaseContext(d, "rtDeviceReset");
  }

  @Override
  public void resetDeviceForce(int device) {
    SimDevice d = host.byLogical(device, "aclrtResetDeviceForce");
    checkNotForceReleased(d, "aclrtResetDeviceForce");
    if (d.chip().hasFault(SimFault.FORCE_RESET_FAILS)) {
      d.poison("a force reset failed");
      throw host.fail(
          CannError.DRV_INTERNAL_ERROR,
          "aclrtResetDeviceForce",
          "device "
              + d.logicalId()
              + " did not come back from the force reset (injected fault); it stays poisoned");
    }
    releaseContext(d, "aclrtResetDeviceForce");
    d.clearPoison();
    d.chip().forceReset(d);
    d.setForceReleased(true);
  }

  /** A force reset released the context: resetting it again is 507007 (PROTOCOL 7.8). */
  private void checkNotForceReleased(SimDevice d, String function) {
    if (d.forceReleased()) {
      throw host.fail(
          CannError.CONTEXT_RELEASE_ERROR,
          function,
          "device "
              + d.logicalId()
              + "'s context was already released by a force reset; call rtSetDevice before"
              + " resetting it again");
    }
  }

  private void releaseContext(SimDevice d, String why) {
    for (SimStream s : List.copyOf(host.streams.values())) {
      if (s.device() == d) {
        host.streams.remove(new StreamHandle(s.handle()));
        s.abort(CannError.DEVICE_TASK_ABORT.code(), "stream destroyed by " + why);
      }
    }
    for (SimHostState.Binary b : List.copyOf(host.binaries.values())) {
      if (b.device() == d) {
        host.dropBinary(b);
      }
    }
    synchronized (d) {
      d.allocator().releaseAll();
    }
  }

  @Override
  public long setOpExecuteTimeout(long timeoutMicros) {
    SimDevice d = host.attachedDevice("aclrtSetOpExecuteTimeOutV2");
    if (timeoutMicros <= 0) {
      throw host.fail(
          CannError.PARAM_INVALID, "aclrtSetOpExecuteTimeOutV2", "the timeout must be positive");
    }
    d.setOpTimeoutMicros(timeoutMicros);
    return timeoutMicros;
  }

  @Override
  public int deviceCount() {
    host.checkOpen("rtGetDeviceCount");
    return host.logical().size();
  }

  // ---- DeviceMemoryPort ----------------------------------------------------------------------

  @Override
  public DevicePtr malloc(long size) {
    SimDevice d = host.usableDevice("aclrtMalloc");
    if (size <= 0) {
      throw host.fail(CannError.PARAM_INVALID, "aclrtMalloc", "size must be positive, was " + size);
    }
    long budget = host.config.memoryBudgetBytes();
    if (size > budget) {
      // Larger than the die's whole memory: no amount of freeing helps (not a leak, F13).
      throw outOfMemory(
          d,
          size,
          "more than the device's whole memory of "
              + budget
              + " bytes (the simulator's device memory per die: SimConfig.memoryBudgetBytes, CLI"
              + " --sim-device-memory)");
    }
    OptionalLong offset;
    synchronized (d) {
      offset = d.allocator().allocate(size);
    }
    if (offset.isEmpty()) {
      throw outOfMemory(
          d,
          size,
          d.allocator().bytesInUse()
              + " of "
              + budget
              + " bytes in use in "
              + d.allocator().handlesInUse()
              + " allocation(s)");
    }
    return new DevicePtr(d.chip().base() + d.regionOffset() + offset.getAsLong());
  }

  private CannCallException outOfMemory(SimDevice d, long size, String why) {
    return host.fail(
        CannError.MEMORY_ALLOCATION,
        "aclrtMalloc",
        "device " + d.logicalId() + ": " + size + " bytes requested, " + why);
  }

  @Override
  public void free(DevicePtr ptr) {
    SimDevice d = host.attachedDevice("aclrtFree");
    long off = ptr.address() - d.chip().base() - d.regionOffset();
    boolean released;
    synchronized (d) {
      released = off >= 0 && d.allocator().release(off);
    }
    if (!released) {
      throw host.fail(
          CannError.PARAM_INVALID,
          "aclrtFree",
          ptr + " is not a live allocation of device " + d.logicalId());
    }
  }

  @Override
  public void copyToDevice(DevicePtr dst, ByteBuffer src) {
    SimDevice d = host.usableDevice("aclrtMemcpy");
    d.chip().write(chipOffset(d, dst, src.remaining()), src);
  }

  /**
   * As {@code aclrtMemcpy} of all of {@code src}, with its checks over the whole range before any
   * byte is written: a large copy is then written by its source into the memory file ({@link
   * HostBytes#writeTo}), which must write exactly {@code src.size()} bytes (the project's sources
   * do: {@code SoBytes} checks every chunk, a file is copied for its size when opened); a small one
   * goes chunk by chunk, each checked, as on a card.
   */
  @Override
  public void copyAllToDevice(DevicePtr dst, HostBytes src) {
    SimDevice d = host.usableDevice("aclrtMemcpy");
    long at = chipOffset(d, dst, src.size());
    if (src.size() < Chip.LARGE_WRITE) {
      DeviceMemoryPort.super.copyAllToDevice(dst, src);
      return;
    }
    d.chip().writeFrom(at, src);
    // One aclrtMemcpy on a card fails when the device dies during it; a chip that faulted or was
    // closed while the bytes were written says so here, not at the next launch.
    host.usableDevice("aclrtMemcpy");
  }

  @Override
  public void copyFromDevice(ByteBuffer dst, DevicePtr src) {
    SimDevice d = host.usableDevice("aclrtMemcpy");
    d.chip().read(chipOffset(d, src, dst.remaining()), dst);
  }

  private long chipOffset(SimDevice d, DevicePtr ptr, long length) {
    long off = ptr.address() - d.chip().base() - d.regionOffset();
    boolean inside;
    synchronized (d) {
      inside = off >= 0 && d.allocator().covers(off, length);
    }
    if (!inside) {
      throw host.fail(
          CannError.PARAM_INVALID,
          "aclrtMemcpy",
          length
              + " bytes at "
              + ptr
              + " are not inside one allocation of device "
              + d.logicalId());
    }
    return off + d.regionOffset();
  }

  // ---- StreamPort ------------------------------------------------------------------------------

  @Override
  public StreamHandle createStream() {
    SimDevice d = host.usableDevice("rtStreamCreate");
    long h = host.newHandle();
    StreamHandle handle = new StreamHandle(h);
    host.streams.put(handle, new SimStream(h, d, task -> task.device().chip().submit(task)));
    return handle;
  }

  @Override
  public void destroyStream(StreamHandle stream) {
    host.attachedDevice("rtStreamDestroy");
    SimStream s = host.streams.remove(stream);
    if (s == null) {
      throw host.fail(
          CannError.INVALID_HANDLE, "rtStreamDestroy", stream + " is not a live stream");
    }
    s.abort(CannError.DEVICE_TASK_ABORT.code(), "stream destroyed");
  }

  @Override
  public void synchronize(StreamHandle stream) {
    sync(stream, -1, "aclrtSynchronizeStream");
  }

  @Override
  public void synchronize(StreamHandle stream, int timeoutMillis) {
    sync(stream, timeoutMillis, "aclrtSynchronizeStreamWithTimeout");
  }

  private void sync(StreamHandle handle, int timeoutMillis, String function) {
    host.attachedDevice(function);
    if (timeoutMillis < -1) {
      throw host.fail(CannError.PARAM_INVALID, function, "timeout must be -1 or >= 0");
    }
    SimStream s = host.stream(handle, function);
    SimStream.Outcome outcome;
    try {
      outcome = s.await(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw host.fail(CannError.STREAM_SYNC_TIMEOUT, function, "interrupted while waiting");
    }
    if (outcome == SimStream.Outcome.TIMED_OUT) {
      throw host.fail(
          CannError.STREAM_SYNC_TIMEOUT,
          function,
          "tasks still running after " + timeoutMillis + " ms");
    }
    if (outcome.code() != 0) {
      CannError e = CannError.of(outcome.code()).orElse(CannError.AICPU_EXCEPTION);
      throw host.fail(e, function, String.valueOf(outcome.message()));
    }
    SimDevice d = s.device();
    if (d.poisoned()) {
      throw host.fail(
          CannError.DRV_INTERNAL_ERROR, function, "device " + d.logicalId() + " is poisoned");
    }
  }
}
