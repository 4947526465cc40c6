package io.github.aicpulaunch.adapter.sim;

import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code aicpu_sim_os} process and its control protocol (see {@code aicpu_sim_wire.h};
 * the numbers here mirror it). Events are delivered on one reader thread per process, in order, to
 * the {@link Listener}. Thread-safe: requests may be sent from any thread.
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

  private static final long START_TIMEOUT_MS = 10_000;

  /** Receives the process's events on its reader thread. */
  interface Listener {
    void taskDone(long taskId, int deviceErrorCode, @Nullable String message);

    void log(int physicalDevice, int moduleId, int level, String text);

    void latched(int die, String path);

    /** The process is gone: it exited, crashed or was killed. Called once. */
    void exited(AicpuOsProcess process, int exitCode);
  }

  private final Process process;
  private final OutputStream control;
  private final Listener listener;
  private final CompletableFuture<long[]> ready = new CompletableFuture<>();
  private final long base;
  private final long size;

  private AicpuOsProcess(Process process, Listener listener, String name) {
    this.process = process;
    this.control = process.getOutputStream();
    this.listener = listener;
    Thread reader = new Thread(this::readEvents, name + "-events");
    reader.setDaemon(true);
    reader.start();
    Thread stderr = new Thread(() -> drainStderr(process.getErrorStream()), name + "-stderr");
    stderr.setDaemon(true);
    stderr.start();
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
    byte[] so = soName == null ? null : soName.getBytes(StandardCharsets.UTF_8);
    byte[] kernel = kernelName == null ? null : kernelName.getBytes(StandardCharsets.UTF_8);
    int length =
        1
            + 8
            + 4 * 3
            + 4
            + (so == null ? 0 : so.length)
            + 4
            + (kernel == null ? 0 : kernel.length)
            + 4
            + args.length;
    ByteBuffer b = frame(length, OP_LAUNCH);
    b.putLong(taskId).putInt(die).putInt(kernelType).putInt(numBlocks);
    putString(b, so);
    putString(b, kernel);
    b.putInt(args.length).put(args);
    send(b);
  }

  void setFaults(int flags, int slowFirstLaunchMillis) {
    send(frame(9, OP_FAULTS).putInt(flags).putInt(slowFirstLaunchMillis));
  }

  void resetDie(int die) {
    send(frame(5, OP_RESET_DIE).putInt(die));
  }

  /** SIGKILL: what the watchdog does to a chip whose task overran. */
  void kill() {
    process.destroyForcibly();
  }

  /** Asks the process to exit, then makes sure it has; bounded. */
  @Override
  public void close() {
    if (process.isAlive()) {
      try {
        send(frame(1, OP_SHUTDOWN));
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

  private static ByteBuffer frame(int payloadLength, int op) {
    ByteBuffer b = ByteBuffer.allocate(4 + payloadLength).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(payloadLength).put((byte) op);
    return b;
  }

  private static void putString(ByteBuffer b, byte @Nullable [] s) {
    if (s == null) {
      b.putInt(-1);
    } else {
      b.putInt(s.length).put(s);
    }
  }

  private void send(ByteBuffer frame) {
    synchronized (control) {
      try {
        control.write(frame.array(), 0, frame.position());
        control.flush();
      } catch (IOException e) {
        throw new IllegalStateException("the AICPU OS process is gone: " + e.getMessage(), e);
      }
    }
  }

  private void readEvents() {
    try (DataInputStream in = new DataInputStream(process.getInputStream())) {
      while (true) {
        int length = Integer.reverseBytes(in.readInt());
        byte[] payload = new byte[length];
        in.readFully(payload);
        dispatch(ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN));
      }
    } catch (EOFException e) {
      // the process exited
    } catch (IOException | RuntimeException e) {
      LOG.warn("AICPU OS event stream failed: {}", e.toString());
      process.destroyForcibly();
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

  private void dispatch(ByteBuffer b) {
    int type = b.get();
    switch (type) {
      case EV_READY -> ready.complete(new long[] {b.getLong(), b.getLong()});
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
      default -> throw new IllegalStateException("unknown AICPU OS event " + type);
    }
  }

  private static @Nullable String getString(ByteBuffer b) {
    int n = b.getInt();
    if (n < 0) {
      return null;
    }
    byte[] s = new byte[n];
    b.get(s);
    return new String(s, StandardCharsets.UTF_8);
  }

  private void drainStderr(InputStream err) {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        LOG.info("AICPU OS pid {} stderr: {}", process.pid(), line);
      }
    } catch (IOException e) {
      // the process is gone
    }
  }
}
