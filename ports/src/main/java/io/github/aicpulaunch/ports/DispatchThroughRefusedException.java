package io.github.aicpulaunch.ports;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A {@code dispatch-through} session could not open because the dispatcher that CANN's KFC library
 * holds on the device did not serve its handshake (docs/ABI.md "Acknowledgement"): it did not
 * answer at all (another dispatcher is latched: upstream's, another library's, an older build), or
 * it refused with one of its codes. Nothing was launched through it; the session's device buffers
 * were freed.
 */
public class DispatchThroughRefusedException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  private final @Nullable DispatcherCode code;

  public DispatchThroughRefusedException(
      String message, String hint, @Nullable DispatcherCode code, @Nullable Throwable cause) {
    super(message, hint, cause == null ? new IllegalStateException(message) : cause);
    this.code = code;
  }

  /** The dispatcher's refusal, when it answered with one; empty when it did not answer. */
  public Optional<DispatcherCode> dispatcherCode() {
    return Optional.ofNullable(code);
  }
}
