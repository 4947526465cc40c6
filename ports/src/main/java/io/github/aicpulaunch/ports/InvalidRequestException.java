package io.github.aicpulaunch.ports;

/**
 * A request refused: a bad name, a wrong-arch SO, an impossible strategy combination. Nothing was
 * allocated, written or registered for it. Without a {@linkplain #phase() phase} it was refused
 * before anything touched the device; with one, the session had already made device calls (an entry
 * that was not declared, a strategy that cannot run after the registration probe).
 */
public class InvalidRequestException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message, String hint) {
    super(message, hint);
  }

  /** A refusal whose way out reads differently on the command line (it names options). */
  public InvalidRequestException(String message, String hint, String cliHint) {
    super(message, hint, cliHint);
  }

  public InvalidRequestException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }

  public InvalidRequestException(String message, String hint, String cliHint, Throwable cause) {
    super(message, hint, cliHint, cause);
  }
}
