package io.github.aicpulaunch.app.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.aicpulaunch.adapter.cann.CannUnavailableException;
import io.github.aicpulaunch.ports.AicpuLaunchException;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import java.io.PrintWriter;

/** How a failed command reports: one line on standard error and a documented exit code. */
final class Failures {
  private Failures() {}

  /** The exit code for a failure, by kind. */
  static int exitCode(RuntimeException e) {
    if (e instanceof CannUnavailableException) {
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
    return oneLine(m == null || m.isBlank() ? e.getClass().getSimpleName() : m);
  }

  /** {@code text} on one line. */
  static String oneLine(String text) {
    return text.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  /** Prints {@code aicpu-launch <command>: <message>} and returns the exit code. */
  static int report(PrintWriter err, String command, RuntimeException e) {
    err.println("aicpu-launch " + command + ": " + oneLine(e));
    err.flush();
    return exitCode(e);
  }

  /** What a failure was, for {@code --json}: result, exit code, message, hint, CANN code. */
  static String json(RuntimeException e) {
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
    o.addProperty("error", e.getClass().getSimpleName());
    o.addProperty("message", oneLine(e));
    if (e instanceof AicpuLaunchException a) {
      o.addProperty("hint", a.hint());
    }
    if (e instanceof CannCallException c) {
      o.addProperty("cannCode", c.code());
      o.addProperty("cannName", c.cannName());
      o.addProperty("function", c.function());
    }
    return new GsonBuilder().create().toJson(o);
  }
}
