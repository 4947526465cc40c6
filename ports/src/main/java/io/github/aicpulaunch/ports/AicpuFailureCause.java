package io.github.aicpulaunch.ports;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Why an AICPU task failed (507018, {@code ACL_ERROR_RT_AICPU_EXCEPTION}), told from the text that
 * came with the code (CANN's recent error message, the device log's {@code PrintAicpuErrorInfo}
 * line, or the simulator's launch result), so the hint fits the cause instead of listing every
 * possible one (P5). {@link #UNKNOWN} when the text does not say.
 */
public enum AicpuFailureCause {
  /** The SO manager found no file of that name under the preinstall directory. */
  SO_NOT_FOUND(
      "The runtime SO is not in the device's preinstall directory under the name the launch used:"
          + " open the session again so it is published on this device, and check that nothing"
          + " removed the file."),
  /** The SO loaded but does not export the function (CANN's "get kernel failed", 11003). */
  ENTRY_NOT_FOUND(
      "The runtime SO on the device does not export the entry the launch named: the SO and the"
          + " host's entry list come from different builds (F12); rebuild the runtime SO and open"
          + " the session with the entries it exports."),
  /** The dispatcher refused the request; the message names its code. */
  DISPATCHER_REFUSED(
      "The dispatcher refused the request with the code named above; its device log line says"
          + " which file or value."),
  /** The kernel ran and returned non-zero. */
  KERNEL_FAILED(
      "The kernel itself returned the non-zero result named above: see what that runtime's own"
          + " result codes mean. A kernel that refuses its arguments most often got a payload that"
          + " is not its struct: a member left out or out of order, or a payload from another"
          + " build of the SO (F12)."),
  /** The kernel crashed the AICPU process. */
  CRASHED(
      "The kernel crashed the AICPU (the chip faulted): fix the kernel. The device needs a force"
          + " reset before it is used again (AicpuLaunch.recover; aicpu-launch run does it after a"
          + " failed launch)."),
  /** The op-execute watchdog reaped the task. */
  TIMED_OUT(
      "The task overran the op-execute timeout: check the timeout chain (scheduler < op-execute <"
          + " stream sync) and whether the kernel waits for something that never happens."),
  UNKNOWN(
      "Read the device log for the first PrintAicpuErrorInfo (soName, funcName); check for a"
          + " stale or mismatched runtime SO build (F12).");

  private static final Pattern RETURNED = Pattern.compile("kernel returned (\\d+)");
  private static final Pattern SIGNAL = Pattern.compile("signal (\\d+)");

  /** What the simulator names: "while running ENTRY of SO", "reaped ENTRY of SO after N us". */
  private static final Pattern TASK =
      Pattern.compile("(?:while running|reaped) (\\S+) of (\\S+)(?: after (\\d+) us)?");

  /**
   * The simulator's fault report: "by the instruction at FILE+0xOFFSET", the offset in the SO (the
   * device's copy of the user's file, byte for byte).
   */
  private static final Pattern INSTRUCTION =
      Pattern.compile("by the instruction at (\\S+?)\\+(0x[0-9a-f]+)");

  /**
   * Where the instruction that faulted is, as the simulator reports a crash: the file that holds it
   * (the device's copy of a runtime SO, or a library such as libc) and its address in that file.
   *
   * @param file the file's name, e.g. {@code simpler_inner_..._0.so} or {@code libc.so.6}
   * @param offset the instruction's address in it, e.g. {@code 0x114b}, as addr2line takes it
   */
  public record FaultSite(String file, String offset) {}

  /** The site of the instruction that faulted; null when the text names none (a card's). */
  public static @Nullable FaultSite faultSite(@Nullable String text) {
    if (text == null) {
      return null;
    }
    Matcher m = INSTRUCTION.matcher(text);
    return m.find() ? new FaultSite(m.group(1), m.group(2)) : null;
  }

  private final String hint;

  AicpuFailureCause(String hint) {
    this.hint = hint;
  }

  /** The cause's hint in general terms. */
  public String hint() {
    return hint;
  }

  /**
   * The hint with what {@code text} tells of this failure: for a crash, the signal (by name and
   * what it usually means) and the entry that ran; for a reaped task, the entry and its timeout;
   * for a dispatcher refusal, the decoded code. The general {@link #hint()} where the text says no
   * more (a card's message, which names none of them).
   */
  public String hint(@Nullable String text) {
    return hint(text, false);
  }

  /**
   * {@link #hint(String)}, or with {@code cli} in the command line's words: a reaped task's way out
   * names the options of {@code aicpu-launch run} instead of the timeout chain's API.
   */
  public String hint(@Nullable String text, boolean cli) {
    String h = withText(text, cli);
    return cli && this == TIMED_OUT && h.equals(hint) ? hint + " " + CLI_TIMEOUT_WAYS : h;
  }

  /** How a command-line user looks at or shortens a stuck launch. */
  private static final String CLI_TIMEOUT_WAYS =
      "--wait-for-debugger holds the launch for gdb (docs/DEBUGGING.md); --fast-fail ends a stuck"
          + " launch after 3 s (45 s by default).";

  private String withText(@Nullable String text, boolean cli) {
    if (text == null) {
      return hint;
    }
    Matcher task = TASK.matcher(text);
    String entry = task.find() ? task.group(1) + " of " + task.group(2) : null;
    return switch (this) {
      case CRASHED -> {
        Matcher m = SIGNAL.matcher(text);
        String signal = m.find() ? signalName(Integer.parseInt(m.group(1))) : null;
        FaultSite site = faultSite(text);
        yield signal == null && entry == null
            ? hint
            : "The kernel crashed the AICPU process"
                + (signal == null ? "" : " with " + signal)
                + (entry == null ? "" : " in " + entry)
                + ", and the chip faulted: fix the kernel ("
                + (site == null
                    ? ""
                    : "the faulting instruction is at "
                        + site.file()
                        + "+"
                        + site.offset()
                        + ": where that is the device's copy of your runtime SO, addr2line -f -e"
                        + " <the SO you built> "
                        + site.offset()
                        + " names the function and, built with -g, the source line; in a library,"
                        + " a call from the kernel passed it a bad pointer; ")
                + "on the simulator, debug it with gdb as docs/DEBUGGING.md shows). The device"
                + " needs a force reset before it is used again (AicpuLaunch.recover; aicpu-launch"
                + " run does it after a failed launch).";
      }
      case TIMED_OUT ->
          entry == null
              ? hint
              : "The op-execute watchdog reaped "
                  + entry
                  + (task.group(3) == null
                      ? ""
                      : " after " + task.group(3) + " us (" + seconds(task.group(3)) + ")")
                  + ": it overran the op-execute timeout. Check whether the kernel waits for"
                  + " something that never happens"
                  + (cli
                      ? ": " + CLI_TIMEOUT_WAYS
                      : ", or raise the timeout chain (scheduler < op-execute < stream sync).");
      case DISPATCHER_REFUSED -> {
        DispatcherCode code = dispatcherCode(text);
        yield code == null
            ? hint
            : "The dispatcher refused the request with "
                + code.describe()
                + "; its device log line says which file or value.";
      }
      default -> hint;
    };
  }

  /** Microseconds, written in decimal, as seconds: {@code 3 s}, {@code 0.5 s}. */
  private static String seconds(String micros) {
    return BigDecimal.valueOf(Long.parseLong(micros), 6).stripTrailingZeros().toPlainString()
        + " s";
  }

  /** {@code signal 11 (SIGSEGV: an invalid memory access)}; the number alone when unknown. */
  static String signalName(int signal) {
    String name =
        switch (signal) {
          case 4 -> "SIGILL: an illegal instruction, e.g. code built for another CPU";
          case 5 -> "SIGTRAP: a breakpoint or trap instruction";
          case 6 -> "SIGABRT: abort(), e.g. a failed assert or a corrupted heap";
          case 7 -> "SIGBUS: a bad access to mapped memory, e.g. a misaligned or truncated mapping";
          case 8 -> "SIGFPE: an arithmetic fault, e.g. an integer division by zero";
          case 9 -> "SIGKILL: killed from outside the process";
          case 11 -> "SIGSEGV: an invalid memory access, e.g. a null or stale pointer";
          default -> null;
        };
    return "signal " + signal + (name == null ? "" : " (" + name + ")");
  }

  /** The cause the text names; {@link #UNKNOWN} for null or unrecognised text. */
  public static AicpuFailureCause of(@Nullable String text) {
    if (text == null) {
      return UNKNOWN;
    }
    String t = text.toLowerCase(Locale.ROOT);
    if (t.contains("op-execute") || t.contains("watchdog")) {
      return TIMED_OUT;
    }
    if (t.contains("signal") || t.contains("exited with status") || t.contains("crash")) {
      return CRASHED;
    }
    if (t.contains("get kernel failed") || t.contains("11003") || t.contains("unmappable")) {
      return ENTRY_NOT_FOUND;
    }
    if (t.contains("load so ") || t.contains("not found")) {
      return SO_NOT_FOUND;
    }
    Long returned = returnedCode(text);
    if (returned != null) {
      return DispatcherCode.of(returned).isPresent() ? DISPATCHER_REFUSED : KERNEL_FAILED;
    }
    return UNKNOWN;
  }

  /**
   * The dispatcher code the text reports as a kernel result, by name ({@code AICPU_E_...}), or null
   * when the text reports none.
   */
  public static @Nullable DispatcherCode dispatcherCode(@Nullable String text) {
    Long returned = returnedCode(text);
    return returned == null ? null : DispatcherCode.of(returned).orElse(null);
  }

  /**
   * The kernel's own non-zero result the text reports ("kernel returned N", N not a dispatcher
   * code), or null when the text reports none.
   */
  static @Nullable Long kernelReturnCode(@Nullable String text) {
    Long returned = returnedCode(text);
    if (returned == null
        || returned == 0
        || returned > 0xFFFF_FFFFL
        || DispatcherCode.of(returned).isPresent()) {
      return null;
    }
    return returned;
  }

  private static @Nullable Long returnedCode(@Nullable String text) {
    if (text == null) {
      return null;
    }
    Matcher m = RETURNED.matcher(text);
    if (!m.find()) {
      return null;
    }
    try {
      return Long.parseLong(m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
