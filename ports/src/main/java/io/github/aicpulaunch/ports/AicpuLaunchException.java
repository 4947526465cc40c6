package io.github.aicpulaunch.ports;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception this project throws on purpose. Each carries a hint: one sentence
 * that tells the user the way out, in two wordings, one for library callers ({@link #hint()}, which
 * names API methods) and one for the command line ({@link #cliHint()}, which names options);
 * neither is shown to the other audience.
 *
 * <p>Once a failure is known to have happened in a {@link Phase} of a session, the code that knows
 * names it ({@link #during}); the phase (and what was being done) then leads the message.
 */
public abstract class AicpuLaunchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;
  private final String cliHint;
  private @Nullable Phase phase;
  private @Nullable String context;

  protected AicpuLaunchException(String message, String hint) {
    this(message, hint, hint);
  }

  protected AicpuLaunchException(String message, String hint, String cliHint) {
    super(message);
    this.hint = hint;
    this.cliHint = cliHint;
  }

  protected AicpuLaunchException(String message, String hint, Throwable cause) {
    this(message, hint, hint, cause);
  }

  protected AicpuLaunchException(String message, String hint, String cliHint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
    this.cliHint = cliHint;
  }

  /** What to do about it, in one sentence, for a caller of the library. */
  public String hint() {
    return hint;
  }

  /** What to do about it, in one sentence, for a user of the command line. */
  public String cliHint() {
    return cliHint;
  }

  /** The phase of the session the failure happened in; empty for a refusal before the device. */
  public Optional<Phase> phase() {
    return Optional.ofNullable(phase);
  }

  /** What was being done when it failed, e.g. the entry being resolved; empty when not told. */
  public Optional<String> context() {
    return Optional.ofNullable(context);
  }

  /**
   * Names the phase the failure happened in. The first phase named sticks: the innermost code that
   * knows it names it, and callers further out cannot relabel it.
   *
   * @return this exception, to rethrow
   */
  public AicpuLaunchException during(Phase phase) {
    if (this.phase == null) {
      this.phase = phase;
    }
    return this;
  }

  /** As {@link #during(Phase)}, with what was being done (kept only with the first phase). */
  public AicpuLaunchException during(Phase phase, String context) {
    if (this.phase == null) {
      this.phase = phase;
      this.context = context;
    }
    return this;
  }

  /** The message without any hint: the phase and context first, when named. */
  public String detail() {
    String message = String.valueOf(super.getMessage());
    Phase p = phase;
    if (p == null) {
      return message;
    }
    String label = p.label();
    return Character.toUpperCase(label.charAt(0))
        + label.substring(1)
        + " failed"
        + (context == null ? "" : " (" + context + ")")
        + ": "
        + message;
  }

  /** {@link #detail()} and the library hint. */
  @Override
  public String getMessage() {
    String detail = detail();
    return hint.isEmpty() ? detail : detail + " Hint: " + hint;
  }
}
