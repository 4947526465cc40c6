package io.github.aicpulaunch.benchmarks;

/** A native baseline or a benchmark fixture failed; the message names the call and the cause. */
public final class BaselineException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public BaselineException(String message) {
    super(message);
  }

  public BaselineException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Throws when {@code rc} is not 0, naming {@code call} and the errno. */
  public static void check(int rc, String call) {
    if (rc != 0) {
      throw new BaselineException(call + " failed with " + rc + " (-errno)");
    }
  }
}
