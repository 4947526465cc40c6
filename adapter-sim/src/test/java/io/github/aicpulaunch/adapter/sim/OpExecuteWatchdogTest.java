package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The watchdog's scheduling against a fake chip: scans happen at the deadlines armed, never before
 * them, an earlier deadline wakes a watchdog sleeping towards a later one, and it runs on exactly
 * one thread that {@code close()} ends. Waits are bounded liveness checks, never timing assertions.
 */
class OpExecuteWatchdogTest {
  private static final long HOUR_NANOS = TimeUnit.HOURS.toNanos(1);

  /** A chip with one deadline in flight; every scan is recorded with the time it was given. */
  private static final class FakeChip implements OpExecuteWatchdog.Watched {
    final AtomicLong deadline = new AtomicLong(OpExecuteWatchdog.NONE);
    final BlockingQueue<long[]> reaps = new LinkedBlockingQueue<>();

    @Override
    public long reapOverdue(long nowNanos) {
      long d = deadline.get();
      if (d != OpExecuteWatchdog.NONE && d - nowNanos <= 0) {
        deadline.set(OpExecuteWatchdog.NONE);
        reaps.add(new long[] {d, nowNanos});
        return OpExecuteWatchdog.NONE;
      }
      return d;
    }

    void arm(OpExecuteWatchdog w, long d) {
      deadline.set(d);
      w.armed(d);
    }
  }

  @Test
  @DisplayName("a deadline is scanned once it has passed, never before")
  void reapsAtTheDeadline() throws Exception {
    FakeChip chip = new FakeChip();
    try (OpExecuteWatchdog w = new OpExecuteWatchdog("test-watchdog")) {
      w.watch(chip);
      w.start();
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(30);
      chip.arm(w, deadline);
      long[] reap = chip.reaps.poll(10, TimeUnit.SECONDS);
      assertThat(reap).as("the overdue task was reaped").isNotNull();
      assertThat(reap[0]).isEqualTo(deadline);
      assertThat(reap[1] - deadline).as("scanned at or after the deadline").isNotNegative();
    }
  }

  @Test
  @DisplayName("an earlier deadline wakes a watchdog that sleeps towards a later one")
  void earlierDeadlineWakesTheThread() throws Exception {
    FakeChip late = new FakeChip();
    FakeChip soon = new FakeChip();
    try (OpExecuteWatchdog w = new OpExecuteWatchdog("test-watchdog")) {
      w.watch(late);
      w.watch(soon);
      w.start();
      late.arm(w, System.nanoTime() + HOUR_NANOS);
      Thread.sleep(20); // let the thread go to sleep towards the hour
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20);
      soon.arm(w, deadline);
      assertThat(soon.reaps.poll(10, TimeUnit.SECONDS))
          .as("reaped long before the other task's hour")
          .isNotNull();
      assertThat(late.reaps).isEmpty();
      assertThat(late.deadline.get())
          .as("the later task is still watched")
          .isNotEqualTo(OpExecuteWatchdog.NONE);
    }
  }

  @Test
  @DisplayName("deadlines armed one after another are each reaped, by one thread that close() ends")
  void oneThreadForEveryDeadlineAndCloseEndsIt() throws Exception {
    FakeChip chip = new FakeChip();
    OpExecuteWatchdog w = new OpExecuteWatchdog("test-watchdog");
    w.watch(chip);
    w.start();
    int before = Thread.getAllStackTraces().size();
    for (int i = 0; i < 5; i++) {
      chip.arm(w, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(5));
      assertThat(chip.reaps.poll(10, TimeUnit.SECONDS)).as("reap " + i).isNotNull();
    }
    assertThat(Thread.getAllStackTraces().size()).isEqualTo(before);
    w.close();
    for (int i = 0; i < 200 && w.running(); i++) {
      Thread.sleep(10);
    }
    assertThat(w.running()).as("the watchdog thread ended").isFalse();
  }
}
