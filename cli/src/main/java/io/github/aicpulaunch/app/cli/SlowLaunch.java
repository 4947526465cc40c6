package io.github.aicpulaunch.app.cli;

import java.io.PrintWriter;
import java.time.Duration;

/**
 * One line on standard error when a launch has not returned after a while, before the op-execute
 * watchdog ends it: a stuck kernel would otherwise leave the terminal silent for the watchdog's
 * whole timeout (45 s by default). Nothing when the launch returns first.
 */
final class SlowLaunch implements AutoCloseable {
  private final Object lock = new Object();
  private boolean done;

  /** Prints {@code line} on {@code err} after {@code after}, unless closed before. */
  SlowLaunch(PrintWriter err, String line, Duration after) {
    long deadline = System.nanoTime() + after.toNanos();
    Thread t =
        new Thread(
            () -> {
              synchronized (lock) {
                long left;
                while (!done && (left = deadline - System.nanoTime()) > 0) {
                  try {
                    lock.wait(Math.max(1, left / 1_000_000L));
                  } catch (InterruptedException e) {
                    return;
                  }
                }
                if (!done) {
                  err.println(line);
                  err.flush();
                }
              }
            },
            "aicpu-launch-slow-launch");
    t.setDaemon(true);
    t.start();
  }

  /** The launch returned: no line (one being printed is finished first). */
  @Override
  public void close() {
    synchronized (lock) {
      done = true;
      lock.notifyAll();
    }
  }
}
