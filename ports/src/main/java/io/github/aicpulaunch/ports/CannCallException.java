package io.github.aicpulaunch.ports;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A CANN call returned a non-zero code. Carries the code, the C function that returned it, the
 * code's CANN name and hint, and CANN's own recent error message when it offered one.
 *
 * <p>Adapters create these through {@link #of}, which picks the subclass from the code's {@link
 * CannError.Category}, so callers can catch the kind of failure they can handle.
 */
public class CannCallException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  private static final String UNKNOWN_HINT =
      "This code is not in aicpu-launch's table; look it up in CANN's rt_error_codes.h and the"
          + " device log.";

  private static final String WHOLE_MEMORY_HINT =
      "One allocation is larger than the device's whole memory, so freeing buffers will not help:"
          + " allocate less (a smaller runtime SO or buffer), or give the simulator more device"
          + " memory per die (--sim-device-memory, SimConfig.memoryBudgetBytes).";

  private final int code;
  private final String function;
  private final @Nullable CannError error;
  private final @Nullable String recentErrorMessage;

  protected CannCallException(
      int code, String function, @Nullable CannError error, @Nullable String recentErrorMessage) {
    super(
        describe(code, function, error, recentErrorMessage),
        hint(error, recentErrorMessage, false),
        hint(error, recentErrorMessage, true));
    this.code = code;
    this.function = function;
    this.error = error;
    this.recentErrorMessage = recentErrorMessage;
  }

  /**
   * The typed exception for a non-zero {@code code} returned by {@code function}.
   *
   * @param recentErrorMessage what {@code aclGetRecentErrMsg} said, or null
   * @throws IllegalArgumentException if {@code code} is 0 (success is not an error)
   */
  public static CannCallException of(
      int code, String function, @Nullable String recentErrorMessage) {
    if (code == 0) {
      throw new IllegalArgumentException("code 0 is success, not an error (from " + function + ")");
    }
    CannError error = CannError.lookup(code);
    if (error == null) {
      return new CannCallException(code, function, null, recentErrorMessage);
    }
    if (error == CannError.AICPU_EXCEPTION) {
      Long returned = AicpuFailureCause.kernelReturnCode(recentErrorMessage);
      if (returned != null) {
        return new KernelFailure(code, function, error, recentErrorMessage, returned);
      }
    }
    return switch (error.category()) {
      case TIMEOUT -> new Timeout(code, function, error, recentErrorMessage);
      case DEVICE_FAILURE -> new DeviceFailure(code, function, error, recentErrorMessage);
      case DEVICE_POISONED -> new DevicePoisoned(code, function, error, recentErrorMessage);
      case RESOURCE -> new ResourceExhausted(code, function, error, recentErrorMessage);
      case INVALID_ARGUMENT -> new InvalidArgument(code, function, error, recentErrorMessage);
      case STATE, UNSUPPORTED -> new CannCallException(code, function, error, recentErrorMessage);
    };
  }

  public static CannCallException of(int code, String function) {
    return of(code, function, null);
  }

  /** The code's hint; for 507018 the one that fits the cause the recent message names. */
  /**
   * The hint for a caller of the library, or with {@code cli} for a user of the CLI. The cause read
   * from CANN's message (an AICPU failure's cause, an allocation larger than the whole device)
   * decides it where the code alone cannot; both texts then suit either audience.
   */
  private static String hint(@Nullable CannError error, @Nullable String recent, boolean cli) {
    if (error == null) {
      return UNKNOWN_HINT;
    }
    if (error == CannError.AICPU_EXCEPTION) {
      return AicpuFailureCause.of(recent).hint(recent, cli);
    }
    if (error == CannError.MEMORY_ALLOCATION
        && recent != null
        && recent.contains("more than the device's whole memory")) {
      return WHOLE_MEMORY_HINT;
    }
    return cli ? error.cliHint() : error.hint();
  }

  private static String describe(
      int code, String function, @Nullable CannError error, @Nullable String recent) {
    StringBuilder sb = new StringBuilder(function).append(" returned ").append(code);
    if (error == null) {
      sb.append(" (unknown code)");
    } else {
      sb.append(" (").append(error.cannName()).append(": ").append(error.meaning()).append(')');
    }
    sb.append('.');
    if (recent != null && !recent.isBlank()) {
      String said = recent.strip();
      sb.append(" CANN says: ").append(said);
      // A sentence of its own, so that what follows (the dispatcher's code, the hint) does not
      // run on from CANN's words.
      char last = said.charAt(said.length() - 1);
      if (last != '.' && last != '!' && last != '?') {
        sb.append('.');
      }
      DispatcherCode dispatcher = AicpuFailureCause.dispatcherCode(recent);
      if (dispatcher != null) {
        sb.append(" The dispatcher returned ").append(dispatcher.describe()).append('.');
      }
    }
    return sb.toString();
  }

  public int code() {
    return code;
  }

  /** The C function that returned the code, e.g. {@code rtsBinaryLoadFromFile}. */
  public String function() {
    return function;
  }

  /** The table entry for the code; empty for a code the table does not know. */
  public Optional<CannError> error() {
    return Optional.ofNullable(error);
  }

  /** CANN's name for the code, or {@code "UNKNOWN(<code>)"}. */
  public String cannName() {
    return error == null ? "UNKNOWN(" + code + ")" : error.cannName();
  }

  public Optional<String> recentErrorMessage() {
    return Optional.ofNullable(recentErrorMessage);
  }

  /** A host-side wait elapsed (507046): the task may still be running or hung. */
  public static final class Timeout extends CannCallException {
    private static final long serialVersionUID = 1L;

    Timeout(int code, String function, CannError error, @Nullable String recent) {
      super(code, function, error, recent);
    }
  }

  /** A kernel or task failed on the device (507018, 507000, ...). */
  public static class DeviceFailure extends CannCallException {
    private static final long serialVersionUID = 1L;

    DeviceFailure(int code, String function, CannError error, @Nullable String recent) {
      super(code, function, error, recent);
    }
  }

  /**
   * The kernel ran and returned a non-zero value (507018 with the value the backend reported).
   * Created only where the backend tells the value: the simulator reports it with the failure
   * ("kernel returned N"); on a card CANN reports 507018 alone and the device log names the task
   * (PROTOCOL §7.3), so a card's failure is a plain {@link DeviceFailure}. A non-zero value that is
   * a dispatcher code ({@link DispatcherCode}) is the dispatcher refusing, not the kernel, and is
   * not a {@code KernelFailure} either.
   */
  public static final class KernelFailure extends DeviceFailure {
    private static final long serialVersionUID = 1L;

    private final long returnCode;

    KernelFailure(
        int code, String function, CannError error, @Nullable String recent, long returnCode) {
      super(code, function, error, recent);
      this.returnCode = returnCode;
    }

    /** What the kernel returned: its {@code uint32_t} result, 1..4294967295. */
    public long returnCode() {
      return returnCode;
    }
  }

  /** The device is sticky-poisoned (507899, 507901): only a force reset brings it back. */
  public static final class DevicePoisoned extends CannCallException {
    private static final long serialVersionUID = 1L;

    DevicePoisoned(int code, String function, CannError error, @Nullable String recent) {
      super(code, function, error, recent);
    }
  }

  /** A device resource ran out (207001 device memory, ...). */
  public static final class ResourceExhausted extends CannCallException {
    private static final long serialVersionUID = 1L;

    ResourceExhausted(int code, String function, CannError error, @Nullable String recent) {
      super(code, function, error, recent);
    }
  }

  /** CANN rejected an argument (107000, 107001, ...). */
  public static final class InvalidArgument extends CannCallException {
    private static final long serialVersionUID = 1L;

    InvalidArgument(int code, String function, CannError error, @Nullable String recent) {
      super(code, function, error, recent);
    }
  }
}
