package io.github.aicpulaunch.ports;

/**
 * The root of every exception this project throws on purpose. Each carries a hint: one sentence
 * that tells the user the way out.
 */
public abstract class AicpuLaunchException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String hint;

  protected AicpuLaunchException(String message, String hint) {
    super(message);
    this.hint = hint;
  }

  protected AicpuLaunchException(String message, String hint, Throwable cause) {
    super(message, cause);
    this.hint = hint;
  }

  /** What to do about it, in one sentence. */
  public String hint() {
    return hint;
  }

  @Override
  public String getMessage() {
    String message = super.getMessage();
    return hint.isEmpty() ? message : message + " Hint: " + hint;
  }
}
