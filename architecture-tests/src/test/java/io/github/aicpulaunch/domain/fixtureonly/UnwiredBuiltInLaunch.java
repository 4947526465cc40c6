package io.github.aicpulaunch.domain.fixtureonly;

import io.github.aicpulaunch.architecture.fixtures.InertLaunch;

/**
 * Test-only stand-in for a built-in strategy in the domain that no module contributes: the built-in
 * rule must reject it, the extension rule must leave it to that rule.
 */
public final class UnwiredBuiltInLaunch extends InertLaunch {
  @Override
  public String name() {
    return DomainInternalStandIn.describe();
  }
}
