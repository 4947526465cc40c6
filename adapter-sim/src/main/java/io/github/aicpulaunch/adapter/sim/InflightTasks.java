package io.github.aicpulaunch.adapter.sim;

import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The tasks one chip has sent to its AICPU OS and not yet seen finish: at most one per stream
 * (streams run their tasks one at a time), so a handful. An array searched linearly, because that
 * is all a handful needs and, unlike a map keyed by a boxed id, it allocates nothing per launch.
 *
 * <p>Thread-safe: every method holds the instance's lock, which also publishes each task's deadline
 * to the watchdog's scan.
 */
final class InflightTasks {
  private SimTask[] tasks = new SimTask[8];
  private int size;

  synchronized void add(SimTask task) {
    if (size == tasks.length) {
      tasks = Arrays.copyOf(tasks, size * 2);
    }
    tasks[size++] = task;
  }

  /** Removes and returns the task with {@code id}, or null when it is not in flight. */
  synchronized @Nullable SimTask remove(long id) {
    for (int i = 0; i < size; i++) {
      SimTask t = tasks[i];
      if (t.id() == id) {
        tasks[i] = tasks[--size];
        tasks[size] = null;
        return t;
      }
    }
    return null;
  }

  synchronized boolean contains(SimTask task) {
    for (int i = 0; i < size; i++) {
      if (tasks[i] == task) {
        return true;
      }
    }
    return false;
  }

  /** The task whose op-execute deadline comes first, or null when none is in flight. */
  synchronized @Nullable SimTask earliestDeadline() {
    SimTask first = null;
    for (int i = 0; i < size; i++) {
      SimTask t = tasks[i];
      if (first == null || t.deadlineNanos() - first.deadlineNanos() < 0) {
        first = t;
      }
    }
    return first;
  }

  /** Removes and returns every task in flight, in no particular order. */
  synchronized List<SimTask> removeAll() {
    List<SimTask> all = List.of(Arrays.copyOf(tasks, size));
    Arrays.fill(tasks, 0, size, null);
    size = 0;
    return all;
  }

  synchronized boolean isEmpty() {
    return size == 0;
  }
}
