package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * Runtime info, device control, device memory and streams over CANN. Mostly cold calls: interface
 * mapping, a small allocation per call is fine. The exceptions are on {@code dispatch-through}'s
 * per-launch path: {@code aclrtMemcpy} (on every launch) goes through {@link DirectMemcpy} and the
 * calling thread's {@link HostStaging} buffer, and the timed stream sync (once per slot-ring wrap)
 * through {@link DirectStreamSync}; a copy of a warm size or a sync then allocates nothing.
 * Thread-safe; every device-touching call first attaches the calling thread ({@link ThreadAttach}).
 */
final class CannDevicePorts
    implements RuntimeInfoPort, DeviceControlPort, DeviceMemoryPort, StreamPort {
  /** {@code ACL_MEM_MALLOC_HUGE_FIRST}, what upstream passes. */
  static final int MALLOC_HUGE_FIRST = 0;

  static final int MEMCPY_HOST_TO_DEVICE = 1;
  static final int MEMCPY_DEVICE_TO_HOST = 2;

  private final NativeCann cann;
  private final ThreadAttach attach;
  private final Supplier<RuntimeInfo> info;
  // One instance, so the per-launch attach check allocates nothing.
  private final IntConsumer attachTo = this::attachTo;

  /** The direct natives must be bound to {@code cann} ({@link DirectNatives#bind}). */
  CannDevicePorts(NativeCann cann, ThreadAttach attach, Supplier<RuntimeInfo> info) {
    this.cann = cann;
    this.attach = attach;
    this.info = info;
    AclProcess.track(attach);
  }

  /**
   * Attaches the calling thread when it is not (F25); see {@link ThreadAttach}.
   *
   * @return the calling thread's state: its staging buffer and launch structures
   */
  ThreadState ensureAttached() {
    return attach.ensure(attachTo);
  }

  private void attachTo(int device) {
    AclProcess.ensureInitialized(cann);
    cann.check(cann.runtime.rtSetDevice(device), "rtSetDevice");
    AclProcess.attached(device);
    attach.attached(device);
  }

  // ---- RuntimeInfoPort ----

  @Override
  public boolean isAvailable() {
    return true;
  }

  @Override
  public Optional<String> unavailabilityCause() {
    return Optional.empty();
  }

  @Override
  public RuntimeInfo info() {
    return info.get();
  }

  @Override
  public OptionalInt physicalDeviceId(int logicalDevice) {
    if (!cann.has("rtGetDevicePhyIdByIndex")) {
      return OptionalInt.empty();
    }
    IntByReference phy = new IntByReference();
    int rc = cann.runtime.rtGetDevicePhyIdByIndex(logicalDevice, phy);
    return rc == 0 ? OptionalInt.of(phy.getValue()) : OptionalInt.empty();
  }

  @Override
  public Optional<String> recentErrorMessage() {
    return Optional.ofNullable(cann.recentErrorMessage());
  }

  // ---- DeviceControlPort ----

  @Override
  public void setDevice(int device) {
    if (!attach.isAttached(device)) {
      attachTo(device);
    }
  }

  /** {@code aclrtResetDevice}: the reset that pairs with {@code aclInit} (PROTOCOL §8). */
  @Override
  public void resetDevice(int device) {
    AclProcess.ensureInitialized(cann);
    cann.check(cann.acl.aclrtResetDevice(device), "aclrtResetDevice");
    AclProcess.reset(device);
    attach.invalidate();
  }

  @Override
  public void resetDeviceForce(int device) {
    cann.require("aclrtResetDeviceForce");
    AclProcess.ensureInitialized(cann);
    cann.check(cann.acl.aclrtResetDeviceForce(device), "aclrtResetDeviceForce");
    AclProcess.reset(device);
    attach.invalidate();
  }

  @Override
  public long setOpExecuteTimeout(long timeoutMicros) {
    cann.require("aclrtSetOpExecuteTimeOutV2");
    AclProcess.ensureInitialized(cann);
    if (timeoutMicros < 0) {
      throw new IllegalArgumentException("the op-execute timeout is >= 0 us, was " + timeoutMicros);
    }
    LongByReference actual = new LongByReference();
    cann.check(
        cann.acl.aclrtSetOpExecuteTimeOutV2(timeoutMicros, actual), "aclrtSetOpExecuteTimeOutV2");
    return actual.getValue();
  }

  @Override
  public int deviceCount() {
    cann.require("aclrtGetDeviceCount");
    AclProcess.ensureInitialized(cann);
    IntByReference count = new IntByReference();
    cann.check(cann.acl.aclrtGetDeviceCount(count), "aclrtGetDeviceCount");
    return count.getValue();
  }

  // ---- DeviceMemoryPort ----

  @Override
  public DevicePtr malloc(long size) {
    if (size <= 0) {
      throw new IllegalArgumentException("a device allocation is at least 1 byte, was " + size);
    }
    ensureAttached();
    PointerByReference out = new PointerByReference();
    cann.check(cann.acl.aclrtMalloc(out, size, MALLOC_HUGE_FIRST), "aclrtMalloc");
    return new DevicePtr(Pointer.nativeValue(out.getValue()));
  }

  @Override
  public void free(DevicePtr ptr) {
    ensureAttached();
    cann.check(cann.acl.aclrtFree(new Pointer(ptr.address())), "aclrtFree");
  }

  @Override
  public void copyToDevice(DevicePtr dst, ByteBuffer src) {
    int count = src.remaining();
    if (count == 0) {
      return;
    }
    HostStaging staging = ensureAttached().staging();
    if (count <= HostStaging.MAX_KEPT_BYTES) {
      cann.check(
          memcpy(dst.address(), staging.copyIn(src), count, MEMCPY_HOST_TO_DEVICE), "aclrtMemcpy");
    } else if (src.isDirect()) {
      // A runtime SO upload: the bytes are already in native memory, copy from where they are.
      long host = Pointer.nativeValue(Native.getDirectBufferPointer(src)) + src.position();
      cann.check(memcpy(dst.address(), host, count, MEMCPY_HOST_TO_DEVICE), "aclrtMemcpy");
    } else {
      try (Memory once = new Memory(count)) {
        once.getByteBuffer(0, count).put(0, src, src.position(), count);
        cann.check(
            memcpy(dst.address(), Pointer.nativeValue(once), count, MEMCPY_HOST_TO_DEVICE),
            "aclrtMemcpy");
      }
    }
  }

  @Override
  public void copyFromDevice(ByteBuffer dst, DevicePtr src) {
    int count = dst.remaining();
    if (count == 0) {
      return;
    }
    HostStaging host = ensureAttached().staging();
    if (count <= HostStaging.MAX_KEPT_BYTES) {
      cann.check(
          memcpy(host.reserve(count), src.address(), count, MEMCPY_DEVICE_TO_HOST), "aclrtMemcpy");
      host.copyOut(dst);
      return;
    }
    try (Memory once = new Memory(count)) {
      cann.check(
          memcpy(Pointer.nativeValue(once), src.address(), count, MEMCPY_DEVICE_TO_HOST),
          "aclrtMemcpy");
      dst.put(dst.position(), once.getByteBuffer(0, count), 0, count);
    }
  }

  private static int memcpy(long dst, long src, int count, int kind) {
    return DirectMemcpy.aclrtMemcpy(dst, count, src, count, kind);
  }

  // ---- StreamPort ----

  @Override
  public StreamHandle createStream() {
    ensureAttached();
    PointerByReference out = new PointerByReference();
    cann.check(cann.runtime.rtStreamCreate(out, 0), "rtStreamCreate");
    return new StreamHandle(Pointer.nativeValue(out.getValue()));
  }

  @Override
  public void destroyStream(StreamHandle stream) {
    ensureAttached();
    cann.check(cann.runtime.rtStreamDestroy(new Pointer(stream.value())), "rtStreamDestroy");
  }

  @Override
  public void synchronize(StreamHandle stream) {
    ensureAttached();
    cann.check(
        cann.acl.aclrtSynchronizeStream(new Pointer(stream.value())), "aclrtSynchronizeStream");
  }

  @Override
  public void synchronize(StreamHandle stream, int timeoutMillis) {
    cann.require("aclrtSynchronizeStreamWithTimeout");
    if (timeoutMillis < -1) {
      throw new IllegalArgumentException(
          "the stream-sync timeout is -1 (forever) or >= 0 ms, was " + timeoutMillis);
    }
    ensureAttached();
    cann.check(
        DirectStreamSync.aclrtSynchronizeStreamWithTimeout(stream.value(), timeoutMillis),
        "aclrtSynchronizeStreamWithTimeout");
  }
}
