package io.github.aicpulaunch.adapter.sim;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code aicpu_sim_os} process and its control protocol (see {@code aicpu_sim_wire.h};
 * the numbers here mirror it). Events are delivered in order, each once, to the {@link Listener},
 * by whichever thread holds the process's <em>reading token</em>: a thread waiting for a task to
 * finish ({@link #lead}, called by {@link SimStream#await}) reads the event pipe itself when nobody
 * else is reading it, so the completion it waits for wakes it directly instead of waking a reader
 * thread that then wakes it (leader/follower: one thread wake-up less per round trip, issue 18).
 * The process's own reader thread holds the token while the process starts and exits, and while no
 * thread has been waiting for {@link #IDLE_NANOS} (completions nobody waits for, device log lines
 * between launches); a waiter that finds it reading wakes it with an event of its own, written into
 * the pipe through {@code /proc/<pid>/fd} ({@link #EV_WAKE}), and is handed the token. Thread-safe:
 * requests may be sent from any thread.
 *
 * <p>A request's header is encoded into one buffer kept for the process and written, with the
 * launch's argument blob as it is, while holding the control pipe's lock, and events are read into
 * one buffer kept by the reader thread: a launch and its completion allocate nothing here but the
 * strings an event carries.
 *
 * <p>The process leads a process group of its own, which every process device code forks joins
 * (aicpu_sim_os.c). Its death is taken from its exit, seen by a thread of its own that waits for
 * it, not from EOF on its pipes, which a forked child may hold open: on exit the whole group is
 * SIGKILLed, the events still in the pipe are delivered, then {@link Listener#exited} (issue 17).
 */
final class AicpuOsProcess implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AicpuOsProcess.class);

  static final int OP_LAUNCH = 1;
  static final int OP_FAULTS = 2;
  static final int OP_RESET_DIE = 3;
  static final int OP_SHUTDOWN = 4;
  static final int EV_READY = 1;
  static final int EV_DONE = 2;
  static final int EV_LOG = 3;
  static final int EV_LATCH = 4;

  /**
   * Written into the event pipe by this class, never by the process: wakes the thread that holds
   * the reading token (aicpu_sim_wire.h).
   */
  static final int EV_WAKE = 5;

  /** The whole {@link #EV_WAKE} frame: length 1, then the type. */
  private static final byte[] WAKE_FRAME = {1, 0, 0, 0, EV_WAKE};

  /**
   * How long the reading token stays free after a waiter released it before the reader thread takes
   * it back; a thread that launches and synchronises again within this time reads its completion
   * itself.
   */
  static final long IDLE_NANOS = 10_000_000L;

  /** The reading token's holder when it is the process's reader thread. */
  private static final Object READER = new Object();

  private static final long START_TIMEOUT_MS = 10_000;

  /**
   * How long the exit waits for the events the process wrote before it died; a process that left
   * the group (setsid) and holds the pipe cannot delay the chip's death longer than this.
   */
  private static final long DRAIN_MS = 1_000;

  private static final byte[] NO_BYTES = new byte[0];

  /**
   * A waiter that may be handed the reading token: {@link #offerLead} returns true when one of its
   * threads takes it (that thread then calls {@link #lead}), false when none can (it is done).
   * Called with no lock of this class held.
   */
  interface Waiter {
    boolean offerLead();
  }

  /** Receives the process's events on the thread that holds the reading token. */
  interface Listener {
    void taskDone(long taskId, int deviceErrorCode, @Nullable String message);

    void log(int physicalDevice, int moduleId, int level, String text);

    void latched(int die, String path);

    /**
     * A line the process wrote to standard output or standard error: device code's {@code printf}
     * (the process points its standard output at standard error) and the process's own reports.
     */
    void output(AicpuOsProcess process, String line);

    /** The process is gone: it exited, crashed or was killed. Called once. */
    void exited(AicpuOsProcess process, int exitCode);
  }

  private final Process process;
  private final OutputStream control;
  private final DataInputStream events;
  private final Listener listener;
  private final CompletableFuture<long[]> ready = new CompletableFuture<>();
  private final Thread reader;
  private final Thread stderr;
  private final Thread exitWatch;
  private final AtomicBoolean exitReported = new AtomicBoolean();

  /** Set before the shutdown request is sent: an exit 0 after it means its group is gone too. */
  private volatile boolean shutdownRequested;

  private final long base;
  private final long size;

  /** The request being encoded; guarded by {@link #control}, grown as needed. */
  private ByteBuffer request = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

  /** The event being decoded; used only by the reading token's holder, grown as needed. */
  private ByteBuffer event = ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);

  /** Guards the reading token and the fields below. */
  private final Object pump = new Object();

  /** Who may read the event pipe: null (nobody), {@link #READER}, or the leading waiter. */
  private @Nullable Object holder;

  /** Waiters that asked for the token while somebody else held it, in order. */
  private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();

  /** Whether the leading waiter's wait ends, at {@link #leaderDeadline}. */
  private boolean leaderTimed;

  /** When the leading waiter's wait ends ({@link System#nanoTime()}), if {@link #leaderTimed}. */
  private long leaderDeadline;

  /** The thread of the leading waiter, once it reads; woken when it is interrupted. */
  private @Nullable Thread leaderThread;

  /** When a waiter last released the token. */
  private long lastRelease = System.nanoTime() - IDLE_NANOS;

  /** An {@link #EV_WAKE} was written and not read yet. */
  private boolean wakePending;

  /** The pipe's write end, opened by this process through /proc; null before ready, after exit. */
  private @Nullable OutputStream wake;

  /** The process has exited: the reader thread drains what is left. Guarded by {@link #pump}. */
  private volatile boolean exiting;

  /** The event pipe is at its end (or broken): nothing more will be read. */
  private volatile boolean drained;

  private volatile boolean started;

  private AicpuOsProcess(Process process, Listener listener, String name) {
    this.process = process;
    this.control = process.getOutputStream();
    this.events = new DataInputStream(process.getInputStream());
    this.listener = listener;
    reader = new Thread(this::readEvents, name + "-events");
    reader.setDaemon(true);
    reader.start();
    stderr = new Thread(() -> drainStderr(process.getErrorStream()), name + "-stderr");
    stderr.setDaemon(true);
    stderr.start();
    exitWatch = new Thread(this::watchExit, name + "-exit");
    exitWatch.setDaemon(true);
    exitWatch.start();
    long[] r;
    try {
      r = ready.get(START_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException("interrupted while starting " + name, e);
    } catch (ExecutionException | TimeoutException e) {
      process.destroyForcibly();
      throw new IllegalStateException(
          "the AICPU OS process " + name + " did not start: " + e.getMessage(), e);
    }
    this.base = r[0];
    this.size = r[1];
    openWakeEnd(name, r[2]);
  }

  /**
   * Opens the event pipe's write end through {@code /proc/<pid>/fd/<fd>}, which lets a thread that
   * wants the reading token wake its holder. Without it (no /proc, or not allowed), waiters never
   * read and the reader thread delivers every event, as before issue 18.
   */
  private void openWakeEnd(String name, long fd) {
    OutputStream out;
    try {
      out = Files.newOutputStream(Path.of("/proc", Long.toString(process.pid()), "fd", "" + fd));
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: waiters will not read events themselves: {}", name, e.toString());
      return;
    }
    synchronized (pump) {
      if (!exiting) {
        wake = out;
        started = true;
        return;
      }
    }
    closeQuietly(out);
  }

  /** Starts the process with {@code arguments} and waits until its device memory is mapped. */
  static AicpuOsProcess start(List<String> command, Listener listener, String name) {
    ProcessBuilder pb = new ProcessBuilder(command);
    try {
      return new AicpuOsProcess(pb.start(), listener, name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
    }
  }

  /** The address at which the process mapped the chip's device memory. */
  long base() {
    return base;
  }

  long size() {
    return size;
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  void launch(
      long taskId,
      int die,
      int kernelType,
      int numBlocks,
      @Nullable String soName,
      @Nullable String kernelName,
      byte[] args) {
    int length =
        1 + 8 + 4 * 3 + 4 + utf8Length(soName) + 4 + utf8Length(kernelName) + 4 + args.length;
    synchronized (control) {
      ByteBuffer b = frame(length, OP_LAUNCH, args.length);
      b.putLong(taskId).putInt(die).putInt(kernelType).putInt(numBlocks);
      putString(b, soName);
      putString(b, kernelName);
      b.putInt(args.length);
      send(b, args);
    }
  }

  void setFaults(int flags, int slowFirstLaunchMillis) {
    synchronized (control) {
      send(frame(9, OP_FAULTS, 0).putInt(flags).putInt(slowFirstLaunchMillis), NO_BYTES);
    }
  }

  void resetDie(int die) {
    synchronized (control) {
      send(frame(5, OP_RESET_DIE, 0).putInt(die), NO_BYTES);
    }
  }

  /** SIGKILL: what the watchdog does to a chip whose task overran. */
  void kill() {
    process.destroyForcibly();
  }

  /**
   * Asks the process to exit, then makes sure it has, with every process of its group and every
   * descendant; bounded. Returns once the process's last output lines were delivered to the
   * listener (or after a second, should a process that left the group hold its standard error).
   */
  @Override
  public void close() {
    // Descendants that left the group (setsid) are still the subreaper's while it lives. Finding
    // them reads every process's /proc entry, so only when the process has a child at all.
    List<ProcessHandle> descendants =
        mayHaveChildren(process.pid()) ? process.descendants().toList() : List.of();
    stop();
    descendants.forEach(ProcessHandle::destroyForcibly);
    try {
      exitWatch.join(START_TIMEOUT_MS);
      stderr.join(DRAIN_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Whether the process {@code pid} has a child, from {@code /proc/<pid>/task/<tid>/children}; true
   * when that cannot tell (no such file on this kernel, or the process is gone). A subreaper has no
   * descendant without a child: an orphaned descendant becomes one of its children. Read through
   * java.io, the lighter path on every close.
   */
  static boolean mayHaveChildren(long pid) {
    File[] tasks = new File("/proc/" + pid + "/task").listFiles();
    if (tasks == null || tasks.length == 0) {
      return true;
    }
    for (File task : tasks) {
      try (FileInputStream children = new FileInputStream(new File(task, "children"))) {
        if (children.read() != -1) {
          return true;
        }
      } catch (IOException e) {
        return true;
      }
    }
    return false;
  }

  private void stop() {
    if (process.isAlive()) {
      try {
        synchronized (control) {
          shutdownRequested = true;
          send(frame(1, OP_SHUTDOWN, 0), NO_BYTES);
        }
        control.close();
      } catch (IllegalStateException | IOException e) {
        // already going away: fall through to the kill
      }
      try {
        if (!process.waitFor(2, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  /**
   * Starts a request in {@link #request}; the caller holds {@link #control}'s lock.
   *
   * @param tailLength the last bytes of the payload, which {@link #send} writes from their own
   *     array instead of the kept buffer
   */
  private ByteBuffer frame(int payloadLength, int op, int tailLength) {
    int header = 4 + payloadLength - tailLength;
    if (request.capacity() < header) {
      request =
          ByteBuffer.allocate(Math.max(header, 2 * request.capacity()))
              .order(ByteOrder.LITTLE_ENDIAN);
    }
    return request.clear().putInt(payloadLength).put((byte) op);
  }

  /** The UTF-8 length of a wire string's bytes (0 for null). */
  private static int utf8Length(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    return isAscii(s) ? s.length() : s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** A wire string; SO and kernel names are ASCII in practice and are copied without an array. */
  private static void putString(ByteBuffer b, @Nullable String s) {
    if (s == null) {
      b.putInt(-1);
    } else if (isAscii(s)) {
      b.putInt(s.length());
      for (int i = 0; i < s.length(); i++) {
        b.put((byte) s.charAt(i));
      }
    } else {
      byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
      b.putInt(bytes.length).put(bytes);
    }
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes the request: the header encoded in {@code frame}, then {@code tail} as it is (a launch's
   * argument blob, which may be a multi-megabyte bootstrap and is not copied into the kept buffer).
   * The caller holds {@link #control}'s lock, so the two writes stay one frame on the pipe.
   */
  private void send(ByteBuffer frame, byte[] tail) {
    try {
      control.write(frame.array(), 0, frame.position());
      control.write(tail);
      control.flush();
    } catch (IOException e) {
      throw new IllegalStateException("the AICPU OS process is gone: " + e.getMessage(), e);
    }
  }

  /**
   * The process's reader thread: holds the reading token while the process starts, while it exits
   * (until the pipe's end) and while no waiter has wanted it for {@link #IDLE_NANOS}; wakes a
   * leading waiter whose deadline passed or whose thread was interrupted (looking every {@link
   * #IDLE_NANOS} while a waiter reads).
   */
  private void readEvents() {
    while (true) {
      boolean kick = false;
      synchronized (pump) {
        while (true) {
          if (drained) {
            return;
          }
          long now = System.nanoTime();
          if (holder == null && !waiters.isEmpty() && !exiting && started) {
            break; // a waiter to hand the free token to (handOn below)
          }
          if (holder == null && readerTakes(now)) {
            holder = READER;
            break;
          }
          long waitNanos = holder == null ? lastRelease + IDLE_NANOS - now : IDLE_NANOS;
          Thread leading = leaderThread;
          if (holder != null
              && holder != READER
              && leading != null
              && leading.isInterrupted()
              && !wakePending) {
            kick = wakePending = true; // an interrupted waiter stops reading (checked each period)
            break;
          }
          if (holder != null && holder != READER && leaderTimed) {
            if (leaderDeadline - now <= 0) {
              if (!wakePending) {
                kick = wakePending = true;
                leaderTimed = false; // one wake per deadline
                break;
              }
            } else {
              waitNanos = Math.min(waitNanos, leaderDeadline - now);
            }
          }
          waitNanos(Math.max(waitNanos, 1_000_000L));
        }
      }
      if (kick) {
        writeWake();
        continue;
      }
      if (!isReader()) {
        handOn();
        continue;
      }
      boolean keep = true;
      while (keep) {
        if (!readOne()) {
          return;
        }
        synchronized (pump) {
          keep = waiters.isEmpty() || exiting || !started;
          if (!keep) {
            holder = null;
          }
        }
      }
      handOn();
    }
  }

  /** Whether the reader thread takes the free token now; with {@link #pump} held. */
  private boolean readerTakes(long now) {
    return exiting || !started || now - lastRelease - IDLE_NANOS >= 0;
  }

  private boolean isReader() {
    synchronized (pump) {
      return holder == READER;
    }
  }

  private void waitNanos(long nanos) {
    try {
      pump.wait(nanos / 1_000_000L, (int) (nanos % 1_000_000L));
    } catch (InterruptedException e) {
      // only the pipe's end stops the reader thread
    }
  }

  /**
   * Takes the reading token for {@code waiter} if nobody holds it (the caller then calls {@link
   * #lead}); else queues the waiter to be offered it and, if the reader thread holds it, wakes that
   * thread so it hands the token over. False also when waiters cannot read (no write end, the
   * process exiting): the reader thread delivers the events.
   */
  boolean tryLead(Waiter waiter) {
    boolean kick = false;
    synchronized (pump) {
      if (wake == null || exiting || drained) {
        return false;
      }
      if (holder == null) {
        holder = waiter;
        return true;
      }
      if (!waiters.contains(waiter)) {
        waiters.add(waiter);
      }
      if (holder == READER && !wakePending) {
        kick = wakePending = true;
      }
    }
    if (kick) {
      writeWake();
    }
    return false;
  }

  /** The waiter stopped waiting: it is no longer offered the token. */
  void cancelLead(Waiter waiter) {
    synchronized (pump) {
      waiters.remove(waiter);
    }
  }

  /**
   * Reads and delivers events on the calling thread, which holds the reading token (from {@link
   * #tryLead} or an {@link Waiter#offerLead}), until {@code done} says so, {@code deadlineNanos}
   * passes (when {@code timed}), the thread is interrupted or the process exits; then passes the
   * token on. Delivering an event may complete other streams' tasks and submit their next ones.
   */
  void lead(BooleanSupplier done, boolean timed, long deadlineNanos) {
    try {
      synchronized (pump) {
        leaderTimed = timed;
        leaderDeadline = deadlineNanos;
        leaderThread = Thread.currentThread();
      }
      while (!done.getAsBoolean()
          && !exiting
          && !(timed && System.nanoTime() - deadlineNanos >= 0)
          && !Thread.currentThread().isInterrupted()) {
        if (!readOne()) {
          return;
        }
      }
    } finally {
      release();
    }
  }

  /** The leading waiter gives the token back: to the next waiter, else nobody for a while. */
  void release() {
    synchronized (pump) {
      holder = null;
      leaderTimed = false;
      leaderThread = null;
      lastRelease = System.nanoTime();
      if (exiting || drained) {
        pump.notifyAll();
        return;
      }
    }
    handOn();
  }

  /** Offers the free token to the queued waiters in turn until one takes it. */
  private void handOn() {
    while (true) {
      Waiter next;
      synchronized (pump) {
        if (holder != null || exiting || drained) {
          pump.notifyAll();
          return;
        }
        next = waiters.poll();
        if (next == null) {
          return;
        }
        holder = next;
      }
      if (next.offerLead()) {
        return;
      }
      synchronized (pump) {
        if (holder == next) {
          holder = null;
        }
      }
    }
  }

  /**
   * Reads one event and delivers it; the caller holds the reading token. False at the pipe's end or
   * when it broke (then the process is killed; its exit is reported by the exit watch).
   */
  private boolean readOne() {
    try {
      int length = Integer.reverseBytes(events.readInt());
      if (length < 0) {
        throw new IOException("negative event length " + length);
      }
      if (event.capacity() < length) {
        event = ByteBuffer.allocate(Math.max(length, 2 * event.capacity()));
        event.order(ByteOrder.LITTLE_ENDIAN);
      }
      events.readFully(event.array(), 0, length);
      dispatch(event.clear().limit(length));
      return true;
    } catch (EOFException e) {
      // the process exited, and nothing else of its group holds the pipe
    } catch (IOException | RuntimeException e) {
      if (process.isAlive() || !(e instanceof IOException)) {
        LOG.warn("AICPU OS event stream failed: {}", e.toString());
        process.destroyForcibly();
      } else {
        // The JDK closes a process's output stream when it sees the process exit, so a read that
        // was blocked fails with "Stream closed": the stream's end, as an EOF would be.
        LOG.debug("AICPU OS event stream ended with the process: {}", e.toString());
      }
    }
    synchronized (pump) {
      drained = true;
      pump.notifyAll();
    }
    return false;
  }

  /** Wakes the thread that holds the reading token (a waiter then checks whether it is done). */
  void wakeReading() {
    synchronized (pump) {
      if (holder == null || wakePending) {
        return;
      }
      wakePending = true;
    }
    writeWake();
  }

  /** Writes an {@link #EV_WAKE} into the event pipe, waking whoever reads it. */
  private void writeWake() {
    OutputStream out;
    synchronized (pump) {
      out = wake;
    }
    if (out == null) {
      return;
    }
    try {
      synchronized (out) {
        out.write(WAKE_FRAME);
      }
    } catch (IOException e) {
      LOG.debug("cannot wake the event reader: {}", e.toString());
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      // closing our end of a pipe
    }
  }

  /** Waits for the process's exit, kills its group, drains its last events and reports it. */
  private void watchExit() {
    boolean waited = false;
    while (!waited) {
      try {
        process.waitFor();
        waited = true;
      } catch (InterruptedException e) {
        // only the process's exit ends this thread
      }
    }
    // After a shutdown request, exit 0 says the process killed the rest of its group itself, all at
    // once (aicpu_sim_os.c, shut_down); any other end leaves the group to be looked for here.
    if (!(shutdownRequested && process.exitValue() == 0)) {
      killGroup(process.pid());
    }
    OutputStream out;
    synchronized (pump) {
      exiting = true;
      out = wake;
      wake = null;
      pump.notifyAll();
    }
    if (out != null) {
      // Wakes a waiter blocked reading (it gives the token to the reader thread, which reads to
      // the end), then lets the pipe reach its end once the process's group is gone.
      try {
        synchronized (out) {
          out.write(WAKE_FRAME);
        }
      } catch (IOException e) {
        LOG.debug("cannot wake the event reader: {}", e.toString());
      }
      closeQuietly(out);
    }
    long until = System.nanoTime() + DRAIN_MS * 1_000_000L;
    synchronized (pump) {
      long left;
      while (!drained && (left = until - System.nanoTime()) > 0) {
        try {
          pump.wait(Math.max(1, left / 1_000_000L));
        } catch (InterruptedException e) {
          // the drain is bounded anyway
        }
      }
    }
    // Standard error too, before the exit is reported: a fault's report line (aicpu_sim_fault.c)
    // is written just before the process dies of it, and the exit's report names where it was.
    try {
      stderr.join(DRAIN_MS);
    } catch (InterruptedException e) {
      // bounded anyway; only the process's exit ends this thread
    }
    reportExit();
  }

  /** Fails the start and tells the listener, once, after the process exited. */
  private void reportExit() {
    if (!exitReported.compareAndSet(false, true)) {
      return;
    }
    int code;
    try {
      code = process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = -1;
    }
    ready.completeExceptionally(new IllegalStateException("exited with status " + code));
    listener.exited(this, code);
  }

  /**
   * SIGKILLs every live process of the process group {@code pgid}, found by the group field of
   * {@code /proc/<pid>/stat}; returns how many. A group's id is not given to a new process while a
   * member lives, so the scan after its leader's death finds only the leader's group.
   */
  static int killGroup(long pgid) {
    List<ProcessHandle> members = groupMembers(pgid);
    members.forEach(ProcessHandle::destroyForcibly);
    return members.size();
  }

  /** The live processes of the process group {@code pgid} (none off Linux). */
  static List<ProcessHandle> groupMembers(long pgid) {
    List<ProcessHandle> members = new ArrayList<>();
    long self = ProcessHandle.current().pid();
    try (DirectoryStream<Path> procs =
        Files.newDirectoryStream(Path.of("/proc"), p -> isNumber(p.getFileName().toString()))) {
      for (Path proc : procs) {
        long pid = Long.parseLong(proc.getFileName().toString());
        if (pid != self && processGroup(proc) == pgid) {
          ProcessHandle.of(pid).ifPresent(members::add);
        }
      }
    } catch (IOException e) {
      LOG.debug("cannot list /proc for process group {}: {}", pgid, e.toString());
    }
    return members;
  }

  /** The group field of {@code /proc/<pid>/stat} (after the command in parentheses), or -1. */
  private static long processGroup(Path proc) {
    try {
      String stat = Files.readString(proc.resolve("stat"), StandardCharsets.ISO_8859_1);
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ", 4);
      return fields[0].equals("Z") ? -1 : Long.parseLong(fields[2]);
    } catch (IOException | RuntimeException e) {
      return -1; // gone meanwhile, or not readable
    }
  }

  private static boolean isNumber(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private void dispatch(ByteBuffer b) {
    int type = b.get();
    switch (type) {
      case EV_READY ->
          ready.complete(new long[] {b.getLong(), b.getLong(), Integer.toUnsignedLong(b.getInt())});
      case EV_DONE -> {
        long task = b.getLong();
        int rc = b.getInt();
        listener.taskDone(task, rc, getString(b));
      }
      case EV_LOG -> {
        int device = b.getInt();
        int module = b.getInt();
        int level = b.getInt();
        String text = getString(b);
        listener.log(device, module, level, text == null ? "" : text);
      }
      case EV_LATCH -> {
        int die = b.getInt();
        String path = getString(b);
        listener.latched(die, path == null ? "" : path);
      }
      case EV_WAKE -> {
        synchronized (pump) {
          wakePending = false;
        }
      }
      default -> throw new IllegalStateException("unknown AICPU OS event " + type);
    }
  }

  private static @Nullable String getString(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    String s = new String(b.array(), b.arrayOffset() + b.position(), n, StandardCharsets.UTF_8);
    b.position(b.position() + n);
    return s;
  }

  private void drainStderr(InputStream err) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        LOG.debug("AICPU OS pid {} stderr: {}", process.pid(), line);
        listener.output(this, line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }
}
