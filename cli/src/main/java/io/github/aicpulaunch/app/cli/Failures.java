package io.github.aicpulaunch.app.cli;

import com.google.gson.JsonObject;
import io.github.aicpulaunch.adapter.cann.CannUnavailableException;
import io.github.aicpulaunch.adapter.sim.SimulatorUnavailableException;
import io.github.aicpulaunch.domain.elf.SoFileException;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.PrintWriter;
import java.util.List;

/**
 * How a failed command reports: one line on standard error and a documented exit code. The line
 * carries the command-line wording of the way out ({@link AicpuLaunchException#cliHint()}), never
 * the library's.
 */
final class Failures {
  private Failures() {}

  /**
   * The exit code for a failure, by kind. {@link ExitCodes#REFUSED} only for a refusal before any
   * device call: a failure that names a phase of the session came after one.
   */
  static int exitCode(RuntimeException e) {
    if (e instanceof CannUnavailableException || e instanceof SimulatorUnavailableException) {
      return ExitCodes.UNAVAILABLE;
    }
    if (unreadableInput(e)) {
      return ExitCodes.FAILED;
    }
    if (e instanceof InvalidRequestException r && r.phase().isEmpty()) {
      return ExitCodes.REFUSED;
    }
    return ExitCodes.FAILED;
  }

  /** A file the command was given could not be read (missing, no permission): input, exit 1. */
  private static boolean unreadableInput(RuntimeException e) {
    return e instanceof SoFileException s && s.unreadable();
  }

  /** The failure on one line: its detail and the command-line hint, or its class when empty. */
  static String oneLine(Throwable e) {
    if (e instanceof AicpuLaunchException a) {
      return oneLine(a.cliHint().isEmpty() ? a.detail() : a.detail() + " Hint: " + a.cliHint());
    }
    String m = e.getMessage();
    return oneLine(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
  }

  /** {@code text} on one line. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Prints {@code aicpu-launch <command>: <message>} and returns {@code code}. */
  static int report(PrintWriter err, String command, RuntimeException e, int code) {
    err.println("aicpu-launch " + command + ": " + oneLine(e));
    err.flush();
    return code;
  }

  /** Prints {@code aicpu-launch <command>: <message>} and returns the exit code. */
  static int report(PrintWriter err, String command, RuntimeException e) {
    return report(err, command, e, exitCode(e));
  }

  /**
   * What kind of failure this is, as {@code --json} names it: a stable word, never a Java class
   * name.
   */
  static String kind(RuntimeException e) {
    if (unreadableInput(e)) {
      return "input";
    }
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
   * What a failure was, for {@code --json}: result, exit code, error kind ({@link #kind}), phase,
   * message, hint, CANN code and name, the C function, the kernel's return value where the backend
   * told it.
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
    if (e instanceof AicpuLaunchException a) {
      a.phase().ifPresent(p -> o.addProperty("phase", p.label()));
      o.addProperty("message", oneLine(a.detail()));
      o.addProperty("hint", a.cliHint());
    } else {
      o.addProperty("message", oneLine(e));
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
