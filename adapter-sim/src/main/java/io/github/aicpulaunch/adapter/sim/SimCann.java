package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The emulated host runtime: CANN's API as the ports see it. Per-thread attach, device memory,
 * streams, Mode A and Mode B launches, JSON registration, reset and poison. Every failure is a
 * {@link CannCallException} with the code CANN returns, and CANN-style recent-error text.
 *
 * <p>Thread-safe. State is per instance (one per {@link Simulator}), never static (F37).
 */
final class SimCann
    implements RuntimeInfoPort,
        DeviceControlPort,
        DeviceMemoryPort,
        StreamPort,
        AicpuKernelLaunchPort,
        BinaryRegistrationPort,
        CpuKernelLaunchPort {

  record Binary(long handle, SimDevice device, Map<String, RtsJsonLoader.Op> ops) {}

  record Function(long handle, Binary binary, RtsJsonLoader.Op op) {}

  private final SimConfig config;
  private final List<SimDevice> logical;
  private final ThreadLocal<@Nullable SimDevice> attached = new ThreadLocal<>();
  private final ThreadLocal<@Nullable String> recentError = new ThreadLocal<>();
  // Streams and functions are keyed by the handle records handed out, so the lookup on every
  // launch and synchronisation boxes nothing when the caller passes the same record back.
  private final Map<StreamHandle, SimStream> streams = new ConcurrentHashMap<>();
  private final Map<Long, Binary> binaries = new ConcurrentHashMap<>();
  private final Map<FunctionHandle, Function> functions = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(0x5100_0000L);
  private final AtomicLong nextTask = new AtomicLong(1);
  private volatile boolean closed;

  SimCann(SimConfig config, List<SimDevice> logical) {
    this.config = config;
    this.logical = List.copyOf(logical);
  }

  void markClosed() {
    closed = true;
  }

  // ---- errors and lookups ------------------------------------------------------------------

  private CannCallException fail(CannError error, String function, String detail) {
    recentError.set(detail);
    return CannCallException.of(error.code(), function, detail);
  }

  private void checkOpen(String function) {
    if (closed) {
      throw new IllegalStateException(
          function + " called after the simulator was closed (no RTS call after finalize, F20)");
    }
  }

  private SimDevice byLogical(int device, String function) {
    checkOpen(function);
    if (device < 0 || device >= logical.size()) {
      throw fail(
          CannError.INVALID_DEVICE_ID,
          function,
          "device "
              + device
              + " is not visible; this process sees "
              + logical.size()
              + " device(s)");
    }
    return logical.get(device);
  }

  private SimDevice attachedDevice(String function) {
    checkOpen(function);
    SimDevice d = attached.get();
    if (d == null) {
      throw fail(
          CannError.CONTEXT_NULL,
          function,
          "thread '" + Thread.currentThread().getName() + "' never called rtSetDevice (F25)");
    }
    return d;
  }

  /** The attached, healthy device: 107002 without attach, 507899 when poisoned. */
  private SimDevice usableDevice(String function) {
    SimDevice d = attachedDevice(function);
    if (d.poisoned()) {
      throw fail(
          CannError.DRV_INTERNAL_ERROR,
          function,
          "device "
              + d.logicalId()
              + " is poisoned ("
              + d.poisonCause()
              + "); only a force reset recovers it (F17)");
    }
    return d;
  }

  private SimStream stream(StreamHandle handle, String function) {
    SimStream s = streams.get(handle);
    if (s == null) {
      throw fail(CannError.INVALID_HANDLE, function, handle + " is not a live stream");
    }
    return s;
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
            + logical.size()
            + " visible device(s)");
  }

  @Override
  public OptionalInt physicalDeviceId(int logicalDevice) {
    if (logicalDevice < 0 || logicalDevice >= logical.size()) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(logical.get(logicalDevice).physicalId());
  }

  @Override
  public Optional<String> recentErrorMessage() {
    return Optional.ofNullable(recentError.get());
  }

  // ---- DeviceControlPort ---------------------------------------------------------------------

  @Override
  public void setDevice(int device) {
    SimDevice d = byLogical(device, "rtSetDevice");
    d.setForceReleased(false); // a new context replaces the one a force reset released
    attached.set(d);
  }

  @Override
  public void resetDevice(int device) {
    SimDevice d = byLogical(device, "rtDeviceReset");
    checkNotForceReleased(d, "rtDeviceReset");
    releaseContext(d, "rtDeviceReset");
  }

  @Override
  public void resetDeviceForce(int device) {
    SimDevice d = byLogical(device, "aclrtResetDeviceForce");
    checkNotForceReleased(d, "aclrtResetDeviceForce");
    if (d.chip().hasFault(SimFault.FORCE_RESET_FAILS)) {
      d.poison("a force reset failed");
      throw fail(
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
      throw fail(
          CannError.CONTEXT_RELEASE_ERROR,
          function,
          "device "
              + d.logicalId()
              + "'s context was already released by a force reset; call rtSetDevice before"
              + " resetting it again");
    }
  }

  private void releaseContext(SimDevice d, String why) {
    for (SimStream s : List.copyOf(streams.values())) {
      if (s.device() == d) {
        streams.remove(new StreamHandle(s.handle()));
        s.abort(CannError.DEVICE_TASK_ABORT.code(), "stream destroyed by " + why);
      }
    }
    for (Binary b : List.copyOf(binaries.values())) {
      if (b.device() == d) {
        dropBinary(b);
      }
    }
    synchronized (d) {
      d.allocator().releaseAll();
    }
  }

  @Override
  public long setOpExecuteTimeout(long timeoutMicros) {
    SimDevice d = attachedDevice("aclrtSetOpExecuteTimeOutV2");
    if (timeoutMicros <= 0) {
      throw fail(
          CannError.PARAM_INVALID, "aclrtSetOpExecuteTimeOutV2", "the timeout must be positive");
    }
    d.setOpTimeoutMicros(timeoutMicros);
    return timeoutMicros;
  }

  @Override
  public int deviceCount() {
    checkOpen("rtGetDeviceCount");
    return logical.size();
  }

  // ---- DeviceMemoryPort ----------------------------------------------------------------------

  @Override
  public DevicePtr malloc(long size) {
    SimDevice d = usableDevice("aclrtMalloc");
    if (size <= 0) {
      throw fail(CannError.PARAM_INVALID, "aclrtMalloc", "size must be positive, was " + size);
    }
    OptionalLong offset;
    synchronized (d) {
      offset = d.allocator().allocate(size);
    }
    if (offset.isEmpty()) {
      throw fail(
          CannError.MEMORY_ALLOCATION,
          "aclrtMalloc",
          "device "
              + d.logicalId()
              + ": "
              + size
              + " bytes requested, "
              + d.allocator().bytesInUse()
              + " of "
              + config.memoryBudgetBytes()
              + " bytes in use in "
              + d.allocator().handlesInUse()
              + " allocation(s)");
    }
    return new DevicePtr(d.chip().base() + d.regionOffset() + offset.getAsLong());
  }

  @Override
  public void free(DevicePtr ptr) {
    SimDevice d = attachedDevice("aclrtFree");
    long off = ptr.address() - d.chip().base() - d.regionOffset();
    boolean released;
    synchronized (d) {
      released = off >= 0 && d.allocator().release(off);
    }
    if (!released) {
      throw fail(
          CannError.PARAM_INVALID,
          "aclrtFree",
          ptr + " is not a live allocation of device " + d.logicalId());
    }
  }

  @Override
  public void copyToDevice(DevicePtr dst, ByteBuffer src) {
    SimDevice d = usableDevice("aclrtMemcpy");
    d.chip().write(chipOffset(d, dst, src.remaining()), src);
  }

  @Override
  public void copyFromDevice(ByteBuffer dst, DevicePtr src) {
    SimDevice d = usableDevice("aclrtMemcpy");
    d.chip().read(chipOffset(d, src, dst.remaining()), dst);
  }

  private long chipOffset(SimDevice d, DevicePtr ptr, long length) {
    long off = ptr.address() - d.chip().base() - d.regionOffset();
    boolean inside;
    synchronized (d) {
      inside = off >= 0 && d.allocator().covers(off, length);
    }
    if (!inside) {
      throw fail(
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
    SimDevice d = usableDevice("rtStreamCreate");
    long h = nextHandle.incrementAndGet();
    StreamHandle handle = new StreamHandle(h);
    streams.put(handle, new SimStream(h, d, task -> task.device().chip().submit(task)));
    return handle;
  }

  @Override
  public void destroyStream(StreamHandle stream) {
    attachedDevice("rtStreamDestroy");
    SimStream s = streams.remove(stream);
    if (s == null) {
      throw fail(CannError.INVALID_HANDLE, "rtStreamDestroy", stream + " is not a live stream");
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
    attachedDevice(function);
    if (timeoutMillis < -1) {
      throw fail(CannError.PARAM_INVALID, function, "timeout must be -1 or >= 0");
    }
    SimStream s = stream(handle, function);
    SimStream.Outcome outcome;
    try {
      outcome = s.await(timeoutMillis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw fail(CannError.STREAM_SYNC_TIMEOUT, function, "interrupted while waiting");
    }
    if (outcome == SimStream.Outcome.TIMED_OUT) {
      throw fail(
          CannError.STREAM_SYNC_TIMEOUT,
          function,
          "tasks still running after " + timeoutMillis + " ms");
    }
    if (outcome.code() != 0) {
      CannError e = CannError.of(outcome.code()).orElse(CannError.AICPU_EXCEPTION);
      throw fail(e, function, String.valueOf(outcome.message()));
    }
    SimDevice d = s.device();
    if (d.poisoned()) {
      throw fail(
          CannError.DRV_INTERNAL_ERROR, function, "device " + d.logicalId() + " is poisoned");
    }
  }

  // ---- launches
  // ----------------------------------------------------------------------------------

  @Override
  public void launchAicpuKernel(
      KernelType kernelType, String opName, int numBlocks, AicpuArgs args, StreamHandle stream) {
    String fn = "rtAicpuKernelLaunchExWithArgs";
    SimDevice d = usableDevice(fn);
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
    SimDevice d = usableDevice(fn);
    Function f = functions.get(function);
    if (f == null) {
      throw fail(CannError.INVALID_HANDLE, fn, function + " is not a live function handle");
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
    SimStream s = stream(stream, fn);
    if (s.device() != d) {
      throw fail(
          CannError.PARAM_INVALID,
          fn,
          stream + " belongs to device " + s.device().logicalId() + ", not " + d.logicalId());
    }
    if (numBlocks < 1) {
      throw fail(CannError.PARAM_INVALID, fn, "numBlocks must be at least 1, was " + numBlocks);
    }
    return s;
  }

  private void checkAicpuType(KernelType type, String fn) {
    switch (type) {
      case AICPU, AICPU_CUSTOM, AICPU_KFC -> {}
      default ->
          throw fail(
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
            nextTask.getAndIncrement(),
            d,
            s,
            type.value(),
            so,
            kernel,
            args,
            numBlocks,
            timeoutMicros));
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

  // ---- BinaryRegistrationPort ----------------------------------------------------------------

  @Override
  public BinaryHandle loadBinaryFromFile(Path descriptor, LoadOptions options) {
    String fn = "rtsBinaryLoadFromFile";
    SimDevice d = usableDevice(fn);
    if (!config.profile().jsonLoaderWorks()) {
      throw fail(
          CannError.PARAM_INVALID,
          fn,
          "CANN "
              + config.profile().version()
              + "'s rts JSON loader rejects every descriptor"
              + " ("
              + descriptor
              + "); use the direct-aicpu launch strategy");
    }
    RtsJsonLoader.Loaded loaded;
    try {
      loaded = RtsJsonLoader.load(descriptor, options);
    } catch (RtsJsonLoader.Rejected e) {
      throw fail(CannError.PARAM_INVALID, fn, String.valueOf(e.getMessage()));
    }
    Path cpuSo = loaded.cpuSo();
    if (cpuSo != null) {
      installCustomSo(d, cpuSo, loaded.ops(), fn);
    }
    long h = nextHandle.incrementAndGet();
    binaries.put(h, new Binary(h, d, loaded.ops()));
    return new BinaryHandle(h);
  }

  /** Mode 1: CANN ships the host SO to the device for the custom scheduler's ops. */
  private void installCustomSo(SimDevice d, Path so, Map<String, RtsJsonLoader.Op> ops, String fn) {
    for (RtsJsonLoader.Op op : ops.values()) {
      if (op.kernelType() != KernelType.AICPU_CUSTOM || op.kernelSo().isEmpty()) {
        continue;
      }
      Path target = d.customDir().resolve(Path.of(op.kernelSo()).getFileName().toString());
      try {
        Files.copy(so, target, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw fail(
            CannError.PARAM_INVALID, fn, "cannot install " + so + " as " + target + ": " + e);
      }
    }
  }

  @Override
  public FunctionHandle functionByName(BinaryHandle binary, String opType) {
    String fn = "rtsFuncGetByName";
    checkOpen(fn);
    Binary b = binaries.get(binary.value());
    if (b == null) {
      throw fail(CannError.INVALID_HANDLE, fn, binary + " is not a registered binary");
    }
    RtsJsonLoader.Op op = b.ops().get(opType);
    if (op == null) {
      throw fail(
          CannError.PARAM_INVALID,
          fn,
          "opType '"
              + opType
              + "' is not registered by "
              + binary
              + " (it has "
              + b.ops().keySet()
              + ")");
    }
    FunctionHandle handle = new FunctionHandle(nextHandle.incrementAndGet());
    functions.put(handle, new Function(handle.value(), b, op));
    return handle;
  }

  @Override
  public void unloadBinary(BinaryHandle binary) {
    String fn = "rtsBinaryUnload";
    checkOpen(fn);
    Binary b = binaries.get(binary.value());
    if (b == null) {
      throw fail(CannError.INVALID_HANDLE, fn, binary + " is not a registered binary");
    }
    dropBinary(b);
  }

  private void dropBinary(Binary b) {
    binaries.remove(b.handle());
    functions.values().removeIf(f -> f.binary() == b);
  }

  // ---- inspection ------------------------------------------------------------------------------

  SimDevice device(int logicalDevice) {
    if (logicalDevice < 0 || logicalDevice >= logical.size()) {
      throw new IllegalArgumentException(
          "no logical device " + logicalDevice + "; there are " + logical.size());
    }
    return logical.get(logicalDevice);
  }

  int registrations() {
    return binaries.size();
  }

  int functionHandles() {
    return functions.size();
  }

  int streamCount() {
    return streams.size();
  }
}
