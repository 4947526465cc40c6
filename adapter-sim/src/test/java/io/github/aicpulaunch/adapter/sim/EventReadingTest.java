package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;

/**
 * Issue 18: a thread waiting in a synchronisation reads the chip's event pipe itself when nobody
 * else does (the reading token, {@link AicpuOsProcess#lead}), and hands the reading on when it is
 * done. Whoever reads, every event is delivered once and in the order the AICPU OS wrote it, to the
 * stream it belongs to; a reading waiter still returns when its deadline passes, its stream is
 * destroyed, or its chip dies or is closed.
 */
class EventReadingTest {
  private static final String SO = "libsim_events.so";

  /** A device log line as delivered: its text and the thread that delivered it. */
  record Delivery(String text, String thread) {}

  /** Loggers that record every device line with the thread it was delivered on. */
  private static final class Recorder {
    final List<Delivery> lines = new CopyOnWriteArrayList<>();
    final BasicMDCAdapter mdc = new BasicMDCAdapter();

    Logger logger(String name) {
      return RecordingLogger.of(
          name,
          (logger, level, message) ->
              lines.add(new Delivery(message, Thread.currentThread().getName())));
    }

    /** The texts of the {@code sim_log} lines of {@code prefix}, in delivery order. */
    List<String> texts(String prefix) {
      List<String> out = new ArrayList<>();
      for (Delivery d : lines) {
        int at = d.text().indexOf("sim_log: " + prefix);
        if (at >= 0) {
          out.add(d.text().substring(at + "sim_log: ".length()));
        }
      }
      return out;
    }
  }

  private static Simulator start(Recorder recorder, Integer... diesPerChip) throws Exception {
    Simulator sim =
        Simulator.start(
            SimConfig.builder().chips(diesPerChip).memoryBudgetBytes(1 << 20).build(),
            recorder::logger,
            recorder.mdc);
    for (int c = 0; c < diesPerChip.length; c++) {
      TestSos.install(sim.inspector().preinstallDir(c), TestSos.KERNELS, SO);
    }
    return sim;
  }

  private static void log(CannPorts ports, StreamHandle s, String text) {
    TestSos.launchType2(ports, s, SO, "sim_log", 1, TestSos.cString(text));
  }

  @Test
  @DisplayName(
      "a thread that launches and synchronises in a loop reads its own completions: every line"
          + " once, in order, and (at least some) delivered on the waiting thread")
  void waiterReadsItsOwnCompletion() throws Exception {
    Recorder recorder = new Recorder();
    try (Simulator sim = start(recorder, 2)) {
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      StreamHandle s = ports.streams().createStream();
      int n = 200;
      for (int i = 0; i < n; i++) {
        log(ports, s, "loop-" + i);
        ports.streams().synchronize(s, 10_000);
      }
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        expected.add("loop-" + i);
      }
      assertThat(recorder.texts("loop-")).containsExactlyElementsOf(expected);
      String self = Thread.currentThread().getName();
      assertThat(recorder.lines)
          .filteredOn(d -> d.text().contains("sim_log: loop-"))
          .as("lines the waiting thread delivered itself")
          .anyMatch(d -> d.thread().equals(self));
    }
  }

  @Test
  @DisplayName(
      "several threads on streams of two chips, launching asynchronously and synchronising: each"
          + " line delivered once, each stream's lines in launch order")
  void concurrentStreamsAndChips() throws Exception {
    Recorder recorder = new Recorder();
    int threads = 6;
    int rounds = 60;
    try (Simulator sim = start(recorder, 2, 2)) {
      CannPorts ports = sim.ports();
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      try {
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          int thread = t;
          done.add(
              pool.submit(
                  () -> {
                    ports.devices().setDevice(thread % 4);
                    StreamHandle s = ports.streams().createStream();
                    go.await();
                    for (int i = 0; i < rounds; i++) {
                      log(ports, s, "t" + thread + "-" + i);
                      if (i % 3 == thread % 3) { // some launches queue behind others
                        ports.streams().synchronize(s, 20_000);
                      }
                    }
                    ports.streams().synchronize(s, 20_000);
                    ports.streams().destroyStream(s);
                    return null;
                  }));
        }
        go.countDown();
        for (Future<?> f : done) {
          f.get(120, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      for (int t = 0; t < threads; t++) {
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
          expected.add("t" + t + "-" + i);
        }
        assertThat(recorder.texts("t" + t + "-"))
            .as("thread %d's lines", t)
            .containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  @DisplayName(
      "completions nobody waits for are still delivered (the reader thread takes the reading back)")
  void completionsWithoutWaiters() throws Exception {
    Recorder recorder = new Recorder();
    try (Simulator sim = start(recorder, 2)) {
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      StreamHandle s = ports.streams().createStream();
      log(ports, s, "first");
      ports.streams().synchronize(s, 10_000);
      for (int i = 0; i < 5; i++) {
        log(ports, s, "async-" + i);
      }
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (recorder.texts("async-").size() < 5 && System.nanoTime() < until) {
        Thread.sleep(10);
      }
      assertThat(recorder.texts("async-"))
          .containsExactly("async-0", "async-1", "async-2", "async-3", "async-4");
    }
  }

  @Test
  @DisplayName("a reading waiter's synchronisation still times out at its deadline")
  void readingWaiterTimesOut() throws Exception {
    try (Simulator sim = start(new Recorder(), 2)) {
      CannPorts ports = sim.ports();
      StreamHandle s = busyStream(ports, 5_000);
      long start = System.nanoTime();
      Throwable t = catchThrowable(() -> ports.streams().synchronize(s, 300));
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(t)
          .isInstanceOfSatisfying(
              CannCallException.class,
              e -> assertThat(e.code()).isEqualTo(CannError.STREAM_SYNC_TIMEOUT.code()));
      assertThat(millis).as("ms until the timeout was reported").isLessThan(4_000);
      // The kernel still finishes (its barrier unmet, so it fails) and its completion arrives.
      assertThat(catchThrowable(() -> ports.streams().synchronize(s, 20_000)))
          .isInstanceOfSatisfying(
              CannCallException.class,
              e -> assertThat(e.code()).isEqualTo(CannError.AICPU_EXCEPTION.code()));
    }
  }

  @Test
  @DisplayName("interrupting a thread that reads events in an untimed synchronisation ends it")
  void interruptWakesReadingWaiter() throws Exception {
    try (Simulator sim = start(new Recorder(), 2)) {
      CannPorts ports = sim.ports();
      StreamHandle s = busyStream(ports, 8_000);
      ReadingWaiter waiter = new ReadingWaiter(ports, s, ReadingWaiter.UNTIMED);
      assertThat(waiter.endsAfter(waiter::interrupt, 6_000, "interrupted"))
          .isInstanceOfSatisfying(
              CannCallException.class,
              e -> assertThat(e.code()).isEqualTo(CannError.STREAM_SYNC_TIMEOUT.code()));
      // another thread's synchronisation still sees the kernel's end (its barrier unmet: failed)
      assertThat(catchThrowable(() -> ports.streams().synchronize(s, 20_000)))
          .isInstanceOf(CannCallException.class);
    }
  }

  @Test
  @DisplayName("destroying a stream wakes the thread reading events for it")
  void destroyWakesReadingWaiter() throws Exception {
    try (Simulator sim = start(new Recorder(), 2)) {
      CannPorts ports = sim.ports();
      StreamHandle s = busyStream(ports, 8_000);
      ReadingWaiter waiter = new ReadingWaiter(ports, s, 60_000);
      assertThat(
              waiter.endsAfter(() -> ports.streams().destroyStream(s), 6_000, "stream destroyed"))
          .isInstanceOfSatisfying(
              CannCallException.class,
              e -> assertThat(e.code()).isEqualTo(CannError.DEVICE_TASK_ABORT.code()));
      // the chip goes on: a new stream's launch completes
      StreamHandle next = ports.streams().createStream();
      log(ports, next, "after");
      ports.streams().synchronize(next, 20_000);
    }
  }

  @Test
  @DisplayName("the chip dying or closing under a reading waiter fails its synchronisation at once")
  void deathAndCloseWhileReading() throws Exception {
    for (boolean close : new boolean[] {false, true}) {
      Simulator sim = start(new Recorder(), 2);
      try {
        CannPorts ports = sim.ports();
        ReadingWaiter waiter = new ReadingWaiter(ports, busyStream(ports, 20_000), 60_000);
        Runnable end =
            close
                ? sim::close
                : () ->
                    ProcessHandle.of(sim.inspector().aicpuOsPid(0)).orElseThrow().destroyForcibly();
        assertThat(waiter.endsAfter(end, 10_000, close ? "chip closed" : "chip died"))
            .isInstanceOf(CannCallException.class);
      } finally {
        sim.close();
      }
    }
  }

  /**
   * A stream of device 0 (set on the calling thread) that has completed one launch and now runs a
   * one-block kernel for about {@code kernelMillis}, unless its barrier is met.
   */
  private static StreamHandle busyStream(CannPorts ports, int kernelMillis) {
    ports.devices().setDevice(0);
    StreamHandle s = ports.streams().createStream();
    log(ports, s, "warm");
    ports.streams().synchronize(s, 10_000);
    // its barrier waits for two blocks and this launch has one: it runs until its timeout
    DevicePtr counter = ports.memory().malloc(4);
    ports.memory().copyToDevice(counter, ByteBuffer.allocate(4));
    TestSos.launchType2(
        ports, s, SO, "sim_barrier", 1, TestSos.barrierArgs(counter.address(), kernelMillis, 2));
    return s;
  }

  /**
   * A thread synchronising on a busy stream, started and given 300 ms to become the chip's event
   * reader.
   */
  private static final class ReadingWaiter {
    static final int UNTIMED = -1;

    private final Thread thread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Synchronises on {@code s} for {@code syncMillis}, or without a timeout when UNTIMED. */
    ReadingWaiter(CannPorts ports, StreamHandle s, int syncMillis) throws InterruptedException {
      thread =
          new Thread(
              () -> {
                ports.devices().setDevice(0);
                Throwable t =
                    catchThrowable(
                        () -> {
                          if (syncMillis == UNTIMED) {
                            ports.streams().synchronize(s);
                          } else {
                            ports.streams().synchronize(s, syncMillis);
                          }
                        });
                failure.set(t == null ? new AssertionError("no failure") : t);
              });
      thread.start();
      Thread.sleep(300); // the waiter is reading
    }

    void interrupt() {
      thread.interrupt();
    }

    /**
     * Runs {@code action}, checks that the waiter ends within {@code millis} of it, and returns
     * what its synchronisation threw.
     */
    Throwable endsAfter(Runnable action, long millis, String what) throws InterruptedException {
      long start = System.nanoTime();
      action.run();
      thread.join(millis);
      long elapsed = (System.nanoTime() - start) / 1_000_000;
      assertThat(thread.isAlive()).as("waiter still blocked (%s)", what).isFalse();
      assertThat(elapsed).as("ms until the waiter ended (%s)", what).isLessThan(millis);
      return failure.get();
    }
  }
}
