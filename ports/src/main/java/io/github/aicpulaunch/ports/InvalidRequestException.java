package io.github.aicpulaunch.ports;

/**
 * A request refused before anything touched the device: a bad name, a wrong-arch SO, an impossible
 * strategy combination. Nothing was allocated, written or registered.
 */
public class InvalidRequestException extends AicpuLaunchException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String message, String hint) {
    super(message, hint);
  }

  public InvalidRequestException(String message, String hint, Throwable cause) {
    super(message, hint, cause);
  }
}
