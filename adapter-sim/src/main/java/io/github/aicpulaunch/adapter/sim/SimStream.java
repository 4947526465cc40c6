package io.github.aicpulaunch.adapter.sim;

import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * An emulated {@code rtStream_t}: tasks run one at a time in launch order. The first failed task
 * puts the stream into an error state: the tasks queued behind it never run, and every later
 * synchronisation reports the error until the stream is destroyed. Thread-safe.
 */
final class SimStream implements AicpuOsProcess.Waiter {
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

  /** Threads in {@link #await}. */
  private int waiting;

  /** Threads in {@link #await} reading the chip's events. */
  private int leading;

  /** The chip's event reading was handed to this stream's waiters and none has taken it yet. */
  private boolean leadGranted;

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
   * The device finished {@code task} with {@code code} (0 for success). Called on the thread that
   * holds the AICPU OS process's reading token (its reader thread or a waiting caller, possibly of
   * another stream): the next queued task is submitted from here, and the threads waiting in {@link
   * #await} are woken only when there is something for them to see (the stream is idle or failed),
   * not once per task of a longer queue.
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

  /**
   * Fails the stream without a task (its device was reset or faulted, or the stream destroyed). A
   * thread of this stream reading the chip's events is woken to see it.
   */
  void abort(int code, String message) {
    boolean wakeLeader;
    synchronized (this) {
      queue.clear();
      running = null;
      if (errorCode == 0) {
        errorCode = code;
        errorMessage = message;
      }
      notifyAll();
      wakeLeader = leading > 0;
    }
    AicpuOsProcess p = device.chip().eventSource();
    if (wakeLeader && p != null) {
      p.wakeReading();
    }
  }

  /**
   * Waits until every task has finished or the stream failed. When nobody else reads the chip's
   * event pipe, the waiting thread reads it itself and delivers every event it reads (to other
   * streams too), so its own completion wakes it directly ({@link AicpuOsProcess#lead}); else it
   * waits to be woken by whoever delivers its completion, or to be handed the reading.
   *
   * @param timeoutMillis -1 waits forever
   * @return OK, the stream's error, or {@link Outcome#TIMED_OUT}
   */
  Outcome await(long timeoutMillis) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    boolean timed = timeoutMillis >= 0;
    AicpuOsProcess source = device.chip().eventSource();
    boolean asked = false;
    synchronized (this) {
      waiting++;
    }
    try {
      while (true) {
        boolean lead = false;
        synchronized (this) {
          if (finished()) {
            return outcome();
          }
          if (timed && deadline - System.nanoTime() <= 0) {
            return Outcome.TIMED_OUT;
          }
          if (Thread.interrupted()) {
            // as wait() would throw; checked here too because a reading waiter may not reach it
            throw new InterruptedException();
          }
          if (leadGranted) {
            leadGranted = false;
            lead = true;
          }
        }
        if (source != null && !lead && !asked) {
          lead = source.tryLead(this);
          asked = !lead; // queued to be offered the reading, or reading is not for waiters now
        }
        if (source != null && lead) {
          synchronized (this) {
            leading++;
          }
          try {
            source.lead(this::finished, timed, deadline);
          } finally {
            synchronized (this) {
              leading--;
            }
          }
          asked = false;
          continue;
        }
        synchronized (this) {
          if (!finished() && !leadGranted) {
            if (!timed) {
              wait();
            } else {
              long left = deadline - System.nanoTime();
              if (left > 0) {
                wait(Math.max(1, left / 1_000_000L));
              }
            }
          }
        }
      }
    } finally {
      boolean release;
      synchronized (this) {
        waiting--;
        release = leadGranted && waiting == 0;
        if (release) {
          leadGranted = false;
        }
      }
      if (source != null) {
        source.cancelLead(this);
        if (release) {
          source.release();
        }
      }
    }
  }

  /**
   * The chip's event reading is handed to a thread waiting here (see {@link #await}); false when no
   * thread waits or the stream has nothing left to wait for.
   */
  @Override
  public synchronized boolean offerLead() {
    if (waiting == 0 || leadGranted || finished()) {
      return false;
    }
    leadGranted = true;
    notifyAll();
    return true;
  }

  private synchronized boolean finished() {
    return errorCode != 0 || (running == null && queue.isEmpty());
  }

  private Outcome outcome() {
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
