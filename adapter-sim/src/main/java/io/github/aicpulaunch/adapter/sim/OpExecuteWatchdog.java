package io.github.aicpulaunch.adapter.sim;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The STARS op-execute watchdog of one simulator: a single thread that sleeps until the earliest
 * deadline of the tasks in flight on its chips, then lets each chip reap what overran.
 *
 * <p>Why one scanning thread instead of a timer per task: arming and cancelling a timer on every
 * launch cost an allocation or three, a queue insertion on the timer thread's heap and, with the
 * default 45 s timeout, kept every cancelled timer (and the task it captured) alive for 45 s. Here
 * a launch only records its deadline in the task and, when that deadline is earlier than the one
 * the thread sleeps towards (rare: an idle watchdog, or a shorter timeout), wakes the thread. The
 * thread wakes at the recorded deadline, asks every chip to reap its overdue tasks and to report
 * its earliest remaining deadline, and sleeps again; a deadline whose task already finished costs
 * one scan of the few tasks in flight (at most one per stream).
 *
 * <p>Precision: the thread wakes at the deadline itself ({@link Condition#awaitNanos}), so a task
 * is reaped as soon after its op-execute timeout as a timer would have done.
 *
 * <p>Threading and lifecycle: exactly one daemon thread, started by {@link #start} and ended by
 * {@link #close}; never a thread per launch. {@link #armed} may be called from any thread.
 */
final class OpExecuteWatchdog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(OpExecuteWatchdog.class);

  /** No deadline to wake for. */
  static final long NONE = Long.MAX_VALUE;

  /** What the watchdog scans: one chip's tasks in flight. */
  interface Watched {
    /**
     * Reaps the tasks whose deadline is at or before {@code nowNanos}.
     *
     * @return the earliest deadline ({@link System#nanoTime()} scale) of the tasks still watched,
     *     or {@link #NONE}
     */
    long reapOverdue(long nowNanos);
  }

  private final List<Watched> watched = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Thread thread;

  /** The deadline the thread sleeps towards; guarded by {@link #lock}. */
  private long wakeAt = NONE;

  private boolean closed;

  OpExecuteWatchdog(String threadName) {
    thread = new Thread(this::run, threadName);
    thread.setDaemon(true);
  }

  void watch(Watched w) {
    watched.add(w);
  }

  void start() {
    thread.start();
  }

  /**
   * A task with this deadline was put in flight; call after it is visible to {@link
   * Watched#reapOverdue}, so a scan running concurrently either sees the task or is followed by a
   * wake-up for this deadline.
   */
  void armed(long deadlineNanos) {
    lock.lock();
    try {
      if (deadlineNanos < wakeAt) {
        wakeAt = deadlineNanos;
        changed.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread; tasks still in flight are no longer watched. Idempotent. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      changed.signal();
    } finally {
      lock.unlock();
    }
  }

  /** Whether the thread is running (for tests). */
  boolean running() {
    return thread.isAlive();
  }

  private void run() {
    try {
      while (awaitDeadline()) {
        long earliest = NONE;
        long now = System.nanoTime();
        for (Watched w : watched) {
          earliest = Math.min(earliest, reap(w, now));
        }
        lock.lock();
        try {
          // armed() calls during the scan already lowered wakeAt to their deadlines
          wakeAt = Math.min(wakeAt, earliest);
        } finally {
          lock.unlock();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long reap(Watched w, long now) {
    try {
      return w.reapOverdue(now);
    } catch (RuntimeException e) {
      // a failing reap must not end the watchdog of every other chip
      LOG.warn("op-execute watchdog: reaping failed: {}", e.toString());
      return NONE;
    }
  }

  /**
   * Sleeps until {@link #wakeAt} has passed, then forgets it (from here on every {@link #armed}
   * call records its deadline).
   *
   * @return false once closed
   */
  private boolean awaitDeadline() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        if (wakeAt == NONE) {
          changed.await();
          continue;
        }
        long left = wakeAt - System.nanoTime();
        if (left <= 0) {
          wakeAt = NONE;
          return true;
        }
        changed.await(left, TimeUnit.NANOSECONDS);
      }
      return false;
    } finally {
      lock.unlock();
    }
  }
}
