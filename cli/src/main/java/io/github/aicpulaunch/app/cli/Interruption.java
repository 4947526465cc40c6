package io.github.aicpulaunch.app.cli;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What a Ctrl-C (SIGINT) or SIGTERM interrupts while a command holds a backend: a shutdown hook
 * that waits, bounded, for the command to close its session and backend (the simulator's own hook
 * stops its chips, which fails the launch in progress), closes them itself if the command does not,
 * and says on one line what was interrupted. The JVM then exits 130 (SIGINT) or 143 (SIGTERM), with
 * no descriptor directory, simulator process or temporary directory left (issue 17).
 */
final class Interruption implements AutoCloseable {
  /** How long the hook waits for the command's own cleanup before doing it itself. */
  static final long CLOSE_BOUND_MS = 10_000;

  private final String command;
  private final PrintWriter err;
  private final AutoCloseable backend;
  private final CountDownLatch cleanedUp = new CountDownLatch(1);
  private final Thread hook;
  private volatile String activity = "the start of the backend";
  private volatile boolean interrupted;

  Interruption(String command, PrintWriter err, AutoCloseable backend) {
    this.command = command;
    this.err = err;
    this.backend = backend;
    this.hook = new Thread(this::onShutdown, "aicpu-launch-interrupted");
    Runtime.getRuntime().addShutdownHook(hook);
  }

  /** What the command is doing now, as the line would name it ("the launch of ..."). */
  void doing(String what) {
    activity = what;
  }

  /** Whether the JVM is shutting down under the command: its failure is not reported then. */
  boolean interrupted() {
    return interrupted;
  }

  /** The command closed its session and backend: the hook has nothing left to do. */
  @Override
  public void close() {
    cleanedUp.countDown();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down: the hook is running and was waiting for this
    }
  }

  private void onShutdown() {
    interrupted = true;
    String what = activity;
    boolean closed;
    try {
      closed = cleanedUp.await(CLOSE_BOUND_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      closed = false;
    }
    String outcome = "the session and the backend were closed";
    if (!closed) {
      try {
        backend.close();
        outcome = "the backend was closed from the shutdown hook";
      } catch (Exception e) {
        outcome = "closing the backend failed: " + Failures.oneLine(e);
      }
    }
    err.println("aicpu-launch " + command + ": interrupted during " + what + "; " + outcome + ".");
    err.flush();
  }
}
