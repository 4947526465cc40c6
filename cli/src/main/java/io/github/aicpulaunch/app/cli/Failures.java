package io.github.aicpulaunch.app.cli;

import com.google.gson.JsonObject;
import io.github.aicpulaunch.adapter.cann.CannUnavailableException;
import io.github.aicpulaunch.adapter.sim.SimulatorUnavailableException;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.PrintWriter;
import java.util.List;

/** How a failed command reports: one line on standard error and a documented exit code. */
final class Failures {
  private Failures() {}

  /** The exit code for a failure, by kind. */
  static int exitCode(RuntimeException e) {
    if (e instanceof CannUnavailableException || e instanceof SimulatorUnavailableException) {
      return ExitCodes.UNAVAILABLE;
    }
    if (e instanceof InvalidRequestException || e instanceof IllegalArgumentException) {
      return ExitCodes.REFUSED;
    }
    return ExitCodes.FAILED;
  }

  /** The exception's message (with its hint) on one line, or its class when it has none. */
  static String oneLine(Throwable e) {
    String m = e.getMessage();
    String text = m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Prints {@code aicpu-launch <command>: <message>} and returns the exit code. */
  static int report(PrintWriter err, String command, RuntimeException e) {
    err.println("aicpu-launch " + command + ": " + oneLine(e));
    err.flush();
    return exitCode(e);
  }

  /**
   * What kind of failure this is, as {@code --json} names it: a stable word, never a Java class
   * name.
   */
  static String kind(RuntimeException e) {
    for (Kind k : KINDS) {
      if (k.type().isInstance(e)) {
        return k.word();
      }
    }
    return "internal";
  }

  private record Kind(Class<? extends RuntimeException> type, String word) {}

  /** Tested in order: a subclass before its superclass. */
  private static final List<Kind> KINDS =
      List.of(
          new Kind(CannUnavailableException.class, "backend-unavailable"),
          new Kind(SimulatorUnavailableException.class, "backend-unavailable"),
          new Kind(InvalidRequestException.class, "refused"),
          new Kind(IllegalArgumentException.class, "refused"),
          new Kind(RunCommand.UncheckedInput.class, "input"),
          new Kind(CannCallException.KernelFailure.class, "kernel-failed"),
          new Kind(CannCallException.DeviceFailure.class, "device-failure"),
          new Kind(CannCallException.Timeout.class, "timeout"),
          new Kind(CannCallException.DevicePoisoned.class, "device-poisoned"),
          new Kind(CannCallException.ResourceExhausted.class, "resource-exhausted"),
          new Kind(CannCallException.InvalidArgument.class, "invalid-argument"),
          new Kind(CannCallException.class, "cann-error"));

  /**
   * What a failure was, for {@code --json}: result, exit code, error kind ({@link #kind}), message,
   * hint, CANN code and name, the C function, the kernel's return value where the backend told it.
   */
  static JsonObject describe(RuntimeException e) {
    JsonObject o = new JsonObject();
    int code = exitCode(e);
    o.addProperty(
        "result",
        switch (code) {
          case ExitCodes.REFUSED -> "refused";
          case ExitCodes.UNAVAILABLE -> "unavailable";
          default -> "failed";
        });
    o.addProperty("exitCode", code);
    o.addProperty("error", kind(e));
    o.addProperty("message", oneLine(e));
    if (e instanceof AicpuLaunchException a) {
      o.addProperty("hint", a.hint());
    }
    if (e instanceof CannCallException c) {
      o.addProperty("cannCode", c.code());
      o.addProperty("cannName", c.cannName());
      o.addProperty("function", c.function());
    }
    if (e instanceof CannCallException.KernelFailure k) {
      o.addProperty("kernelReturnCode", k.returnCode());
    }
    return o;
  }
}
