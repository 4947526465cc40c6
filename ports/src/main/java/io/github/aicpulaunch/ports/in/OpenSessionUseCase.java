package io.github.aicpulaunch.ports.in;

/** Opens sessions. The entry point of the library. */
public interface OpenSessionUseCase {
  /**
   * Validates the runtime SO, bootstraps it onto the device (once per process, fingerprint and
   * device), registers its entries and returns the open session.
   *
   * @throws io.github.aicpulaunch.ports.InvalidRequestException when the request is refused before
   *     anything touched the device
   * @throws io.github.aicpulaunch.ports.CannCallException when CANN failed a call
   */
  Session open(OpenSessionCommand command);
}
