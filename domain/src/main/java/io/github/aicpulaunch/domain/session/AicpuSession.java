package io.github.aicpulaunch.domain.session;

import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One runtime SO on one device: the session state machine ({@link SessionState}).
 *
 * <p>Owns the session's stream, its launcher (registration) and every device buffer allocated
 * through it. {@link #close()} releases them in reverse order of acquisition: stream (destroyed
 * without a prior synchronisation, F19), registration, buffers. A resource whose release fails is
 * kept and reported, and a later {@code close()} retries it (F21); once everything is released,
 * {@code close()} does nothing.
 *
 * <p>A device failure (a {@link CannCallException.DeviceFailure}, {@link
 * CannCallException.DevicePoisoned} or {@link CannCallException.Timeout} from any call) abandons
 * the session: handles and buffers are forgotten without a device call, because calls into a failed
 * device can block for minutes (F20–F22). The failure is rethrown; the device needs a force reset
 * before reuse.
 *
 * <p>Not thread-safe (see {@link Session}). Each thread that uses the session is attached to the
 * device on its first call (F25).
 */
public final class AicpuSession implements Session {
  private final CannPorts ports;
  private final int device;
  private final TimeoutChain timeouts;
  private final Runnable onAbandon;
  private final Map<Long, DevicePtr> buffers = new LinkedHashMap<>();

  private @Nullable StreamHandle stream;
  private @Nullable TaskLauncher launcher;
  private @Nullable SessionInfo info;
  private Map<String, Integer> entryIndex = Map.of();
  private SessionState state = SessionState.OPEN;
  private boolean closing;

  /**
   * The device each thread was last attached to by a session of this process. CANN's current device
   * is per thread, not per session: a thread that opened a session on another device since must be
   * attached back before this session's next call, or CANN sees the stream of one device used under
   * the context of another (F25).
   */
  private static final ThreadLocal<int[]> CURRENT_DEVICE =
      ThreadLocal.withInitial(() -> new int[] {-1});

  /**
   * A session in state {@link SessionState#OPEN}: the calling thread is attached to {@code device}
   * and {@code stream} was created on it. The session owns the stream from here on.
   */
  AicpuSession(CannPorts ports, int device, StreamHandle stream, TimeoutChain timeouts) {
    this(ports, device, stream, timeouts, () -> {});
  }

  /**
   * As above; {@code onAbandon} runs once when the session is {@linkplain #abandon() abandoned}
   * (the opener uses it to forget the device's init state, which the needed force reset clears). It
   * must not throw or call a port.
   */
  AicpuSession(
      CannPorts ports, int device, StreamHandle stream, TimeoutChain timeouts, Runnable onAbandon) {
    this.ports = ports;
    this.device = device;
    this.stream = stream;
    this.timeouts = timeouts;
    this.onAbandon = onAbandon;
    CURRENT_DEVICE.get()[0] = device;
  }

  /** The runtime SO is on the device. */
  void bootstrapped() {
    requireState(SessionState.OPEN);
    state = SessionState.BOOTSTRAPPED;
  }

  /** The launcher is prepared; the session owns it from here on and launches become possible. */
  void registered(TaskLauncher launcher, SessionInfo info) {
    requireState(SessionState.BOOTSTRAPPED);
    this.launcher = launcher;
    this.info = info;
    Map<String, Integer> index = new HashMap<>();
    List<String> entries = info.entries();
    for (int i = 0; i < entries.size(); i++) {
      index.put(entries.get(i), i);
    }
    this.entryIndex = Map.copyOf(index);
    state = SessionState.REGISTERED;
  }

  /** Where the session is in its life. */
  public SessionState state() {
    return state;
  }

  @Override
  public SessionInfo info() {
    SessionInfo i = info;
    if (i == null) {
      throw new IllegalStateException("the session is not registered yet (state " + state + ")");
    }
    return i;
  }

  @Override
  public DeviceBuffer allocate(long size) {
    try {
      requireUsable();
      if (size <= 0) {
        throw new InvalidRequestException(
            "Cannot allocate " + size + " bytes of device memory.", "Ask for at least one byte.");
      }
      attach();
      DevicePtr ptr = ports.memory().malloc(size);
      buffers.put(ptr.address(), ptr);
      return new DeviceBuffer(ptr.address(), size);
    } catch (AicpuLaunchException e) {
      throw failed(e, Phase.MEMORY);
    }
  }

  @Override
  public void write(DeviceBuffer buffer, long offset, ByteBuffer data) {
    try {
      requireUsable();
      DevicePtr ptr = owned(buffer, offset, data.remaining());
      attach();
      ports.memory().copyToDevice(ptr.plus(offset), data);
    } catch (AicpuLaunchException e) {
      throw failed(e, Phase.MEMORY);
    }
  }

  @Override
  public ByteBuffer read(DeviceBuffer buffer, long offset, int length) {
    try {
      requireUsable();
      DevicePtr ptr = owned(buffer, offset, length);
      attach();
      ByteBuffer dst = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
      ports.memory().copyFromDevice(dst, ptr.plus(offset));
      dst.position(0).limit(length);
      return dst;
    } catch (AicpuLaunchException e) {
      throw failed(e, Phase.MEMORY);
    }
  }

  @Override
  public void free(DeviceBuffer buffer) {
    try {
      requireUsable();
      DevicePtr ptr = owned(buffer, 0, 0);
      attach();
      ports.memory().free(ptr);
      buffers.remove(ptr.address());
    } catch (AicpuLaunchException e) {
      throw failed(e, Phase.MEMORY);
    }
  }

  @Override
  public void launchAsync(LaunchCommand command) {
    launchAsync(command, Phase.EXEC);
  }

  @Override
  public void synchronize() {
    synchronize(Phase.SYNC);
  }

  /**
   * The runtime's own init launch (InitArgs) and its synchronisation: a failure of either names
   * {@code phase}, so that it does not read as the user's exec or sync failing.
   */
  void launch(LaunchCommand command, Phase phase) {
    launchAsync(command, phase);
    synchronize(phase);
  }

  private void launchAsync(LaunchCommand command, Phase phase) {
    try {
      requireUsable();
      TaskLauncher l = launcher;
      if (l == null) {
        throw new IllegalStateException("the session is not registered yet (state " + state + ")");
      }
      Integer index = entryIndex.get(command.entry());
      if (index == null) {
        throw new InvalidRequestException(
            "Entry '" + command.entry() + "' was not declared when the session was opened.",
            "Declare every entry you launch when you open the session (declared: "
                + String.join(", ", info().entries())
                + ").",
            "Name it in --declare as well (declared: " + String.join(",", info().entries()) + ").");
      }
      attach();
      l.launch(index, command.payload(), command.numBlocks());
    } catch (AicpuLaunchException e) {
      throw failed(e, phase);
    }
  }

  private void synchronize(Phase phase) {
    try {
      requireUsable();
      attach();
      ports.streams().synchronize(requireStream(), (int) timeouts.streamSync().toMillis());
    } catch (AicpuLaunchException e) {
      throw failed(e, phase);
    }
  }

  /**
   * Releases every device resource the session still holds; does nothing once that succeeded or
   * after the session was abandoned. When a release fails, the resource is kept, the rest are still
   * released, and the first failure is thrown; calling {@code close()} again retries what is left.
   */
  @Override
  public void close() {
    if (state == SessionState.CLOSED || state == SessionState.ABANDONED) {
      return;
    }
    closing = true;
    List<AicpuLaunchException> failures = new ArrayList<>();
    release(this::attach, failures);
    release(this::destroyStream, failures);
    release(this::releaseLauncher, failures);
    for (DevicePtr ptr : new ArrayList<>(buffers.values())) {
      release(() -> freeBuffer(ptr), failures);
    }
    if (!failures.isEmpty()) {
      failures.forEach(f -> f.during(Phase.UNLOAD));
      AicpuLaunchException first = failures.get(0);
      for (int i = 1; i < failures.size(); i++) {
        first.addSuppressed(failures.get(i));
      }
      throw first;
    }
    state = SessionState.CLOSED;
  }

  /**
   * Forgets every handle, buffer and the stream without a device call (F20–F22) and moves the
   * session to {@link SessionState#ABANDONED}. Idempotent.
   */
  public void abandon() {
    if (state == SessionState.ABANDONED || state == SessionState.CLOSED) {
      return;
    }
    TaskLauncher l = launcher;
    if (l != null) {
      l.abandon();
    }
    launcher = null;
    buffers.clear();
    stream = null;
    state = SessionState.ABANDONED;
    onAbandon.run();
  }

  private void destroyStream() {
    StreamHandle s = stream;
    if (s != null) {
      ports.streams().destroyStream(s);
      stream = null;
    }
  }

  private void releaseLauncher() {
    TaskLauncher l = launcher;
    if (l != null) {
      l.release();
      launcher = null;
    }
  }

  private void freeBuffer(DevicePtr ptr) {
    ports.memory().free(ptr);
    buffers.remove(ptr.address());
  }

  /**
   * Runs one release step of {@link #close()}. A failure is collected and the resource kept; a
   * device failure abandons the session, so the remaining steps make no device call.
   */
  private void release(Runnable step, List<AicpuLaunchException> failures) {
    if (state == SessionState.ABANDONED) {
      return;
    }
    try {
      step.run();
    } catch (CannCallException e) {
      failures.add(e);
      if (isDeviceFailure(e)) {
        abandon();
      }
    } catch (AicpuLaunchException e) {
      failures.add(e);
    }
  }

  /** Names the phase, and abandons the session when the device failed (F20–F22). */
  private RuntimeException failed(AicpuLaunchException e, Phase phase) {
    e.during(phase);
    if (e instanceof CannCallException c && isDeviceFailure(c)) {
      abandon();
    }
    return e;
  }

  static boolean isDeviceFailure(CannCallException e) {
    return e instanceof CannCallException.DeviceFailure
        || e instanceof CannCallException.DevicePoisoned
        || e instanceof CannCallException.Timeout;
  }

  private void attach() {
    int[] current = CURRENT_DEVICE.get();
    if (current[0] != device) {
      ports.devices().setDevice(device);
      current[0] = device;
    }
  }

  private StreamHandle requireStream() {
    StreamHandle s = stream;
    if (s == null) {
      throw new IllegalStateException("the session has no stream (state " + state + ")");
    }
    return s;
  }

  private DevicePtr owned(DeviceBuffer buffer, long offset, long length) {
    DevicePtr ptr = buffers.get(buffer.address());
    if (ptr == null) {
      throw new InvalidRequestException(
          String.format("Device buffer 0x%x does not belong to this session.", buffer.address()),
          "Use buffers allocated by this session, and do not use a buffer after freeing it.");
    }
    if (offset < 0 || length < 0 || offset + length > buffer.size()) {
      throw new InvalidRequestException(
          "Range ["
              + offset
              + ", "
              + (offset + length)
              + ") lies outside the "
              + buffer.size()
              + "-byte device buffer.",
          "Keep offset + length within the buffer's size.");
    }
    return ptr;
  }

  private void requireUsable() {
    switch (state) {
      case ABANDONED ->
          throw new InvalidRequestException(
              "The session on device " + device + " was abandoned after a device failure.",
              "Force-reset the device (or use a fresh process) and open a new session (F17).");
      case CLOSED ->
          throw new InvalidRequestException(
              "The session on device " + device + " is closed.", "Open a new session.");
      default -> {
        if (closing) {
          throw new InvalidRequestException(
              "The session on device " + device + " is closing after a failed release.",
              "Call close() again to retry the release; then open a new session.");
        }
      }
    }
  }

  private void requireState(SessionState expected) {
    if (state != expected) {
      throw new IllegalStateException("session is " + state + ", expected " + expected);
    }
  }
}
