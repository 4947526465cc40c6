package io.github.aicpulaunch.domain.fixtureonly;

/**
 * Test-only class in aicpu-launch's domain namespace: a fixture that depends on it depends on a
 * domain internal, which the extension rules must reject. It is never part of the domain module.
 */
public final class DomainInternalStandIn {
  public static String describe() {
    return "internal";
  }

  private DomainInternalStandIn() {}
}
