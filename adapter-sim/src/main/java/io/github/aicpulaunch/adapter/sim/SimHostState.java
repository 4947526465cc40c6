package io.github.aicpulaunch.adapter.sim;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The state of the emulated host runtime that the simulator's port families share: the visible
 * devices, the per-thread attach, CANN-style recent-error text, and the handle tables (streams,
 * registered binaries, function handles). The ports are split by concern like the CANN adapter's
 * ({@link SimDevicePorts}: devices, memory and streams; {@link SimLaunchPorts}: launches; {@link
 * SimRegistrationPorts}: JSON registration); each failure any of them reports is a {@link
 * CannCallException} with the code CANN returns, built by {@link #fail}.
 *
 * <p>Thread-safe. State is per instance (one per {@link Simulator}), never static (F37).
 */
final class SimHostState {
  record Binary(long handle, SimDevice device, Map<String, RtsJsonLoader.Op> ops) {}

  record Function(long handle, Binary binary, RtsJsonLoader.Op op) {}

  final SimConfig config;
  private final List<SimDevice> logical;
  private final ThreadLocal<@Nullable SimDevice> attached = new ThreadLocal<>();
  private final ThreadLocal<@Nullable String> recentError = new ThreadLocal<>();
  // Streams and functions are keyed by the handle records handed out, so the lookup on every
  // launch and synchronisation boxes nothing when the caller passes the same record back.
  final Map<StreamHandle, SimStream> streams = new ConcurrentHashMap<>();
  final Map<Long, Binary> binaries = new ConcurrentHashMap<>();
  final Map<FunctionHandle, Function> functions = new ConcurrentHashMap<>();
  private final AtomicLong nextHandle = new AtomicLong(0x5100_0000L);
  private final AtomicLong nextTask = new AtomicLong(1);
  private volatile boolean closed;

  SimHostState(SimConfig config, List<SimDevice> logical) {
    this.config = config;
    this.logical = List.copyOf(logical);
  }

  void markClosed() {
    closed = true;
  }

  long newHandle() {
    return nextHandle.incrementAndGet();
  }

  long newTaskId() {
    return nextTask.getAndIncrement();
  }

  // ---- errors and lookups ------------------------------------------------------------------

  CannCallException fail(CannError error, String function, String detail) {
    recentError.set(detail);
    return CannCallException.of(error.code(), function, detail);
  }

  @Nullable String recentError() {
    return recentError.get();
  }

  void checkOpen(String function) {
    if (closed) {
      throw new IllegalStateException(
          function + " called after the simulator was closed (no RTS call after finalize, F20)");
    }
  }

  List<SimDevice> logical() {
    return logical;
  }

  SimDevice byLogical(int device, String function) {
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

  void attach(SimDevice d) {
    attached.set(d);
  }

  SimDevice attachedDevice(String function) {
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
  SimDevice usableDevice(String function) {
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

  SimStream stream(StreamHandle handle, String function) {
    SimStream s = streams.get(handle);
    if (s == null) {
      throw fail(CannError.INVALID_HANDLE, function, handle + " is not a live stream");
    }
    return s;
  }

  void dropBinary(Binary b) {
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
