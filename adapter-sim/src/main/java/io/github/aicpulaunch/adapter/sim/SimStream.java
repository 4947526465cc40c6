package io.github.aicpulaunch.adapter.sim;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An emulated {@code rtStream_t}: tasks run one at a time in launch order. The first failed task
 * puts the stream into an error state: the tasks queued behind it never run, and every later
 * synchronisation reports the error until the stream is destroyed. Thread-safe.
 */
final class SimStream {
  /** What a synchronisation found. */
  record Outcome(int code, @Nullable String message) {
    static final Outcome OK = new Outcome(0, null);
    static final Outcome TIMED_OUT = new Outcome(-1, null);
  }

  private final long handle;
  private final SimDevice device;
  private final Consumer<SimTask> submitter;
  private final ArrayDeque<SimTask> queue = new ArrayDeque<>();
  private @Nullable SimTask running;
  private int errorCode;
  private @Nullable String errorMessage;

  /**
   * @param submitter sends a task to the device; called with this stream's lock held, and must
   *     eventually lead to exactly one {@link #completed} call for the task
   */
  SimStream(long handle, SimDevice device, Consumer<SimTask> submitter) {
    this.handle = handle;
    this.device = device;
    this.submitter = submitter;
  }

  long handle() {
    return handle;
  }

  SimDevice device() {
    return device;
  }

  synchronized void enqueue(SimTask task) {
    if (errorCode != 0) {
      return; // a stream in error state runs nothing more
    }
    queue.add(task);
    if (running == null) {
      startNext();
    }
  }

  /**
   * The device finished {@code task} with {@code code} (0 for success). Called on the AICPU OS
   * process's reader thread: the next queued task is submitted from here, and the threads waiting
   * in {@link #await} are woken only when there is something for them to see (the stream is idle or
   * failed), not once per task of a longer queue.
   */
  synchronized void completed(SimTask task, int code, @Nullable String message) {
    if (running != task) {
      return;
    }
    running = null;
    if (code != 0) {
      if (errorCode == 0) {
        errorCode = code;
        errorMessage = message;
      }
      queue.clear();
    } else {
      startNext();
    }
    if (running == null) {
      notifyAll();
    }
  }

  /** Fails the stream without a task (its device was reset or faulted). */
  synchronized void abort(int code, String message) {
    queue.clear();
    running = null;
    if (errorCode == 0) {
      errorCode = code;
      errorMessage = message;
    }
    notifyAll();
  }

  /**
   * Waits until every task has finished or the stream failed.
   *
   * @param timeoutMillis -1 waits forever
   * @return OK, the stream's error, or {@link Outcome#TIMED_OUT}
   */
  synchronized Outcome await(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    while (errorCode == 0 && (running != null || !queue.isEmpty())) {
      if (timeoutMillis < 0) {
        wait();
      } else {
        long left = (deadline - System.nanoTime()) / 1_000_000L;
        if (left <= 0) {
          return Outcome.TIMED_OUT;
        }
        wait(left);
      }
    }
    return errorCode == 0 ? Outcome.OK : new Outcome(errorCode, errorMessage);
  }

  synchronized boolean idle() {
    return running == null && queue.isEmpty();
  }

  private void startNext() {
    SimTask next = queue.poll();
    if (next != null) {
      running = next;
      submitter.accept(next);
    }
  }
}
