package io.github.aicpulaunch.examples.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example's Dagger wiring: the map holds the strategy, and it wraps the real rts-json. */
class TimeoutExampleComponentTest {
  @Test
  void contributesTheStrategyUnderItsName() {
    Map<String, LaunchStrategy> strategies =
        DaggerTimeoutExampleComponent.factory().create(30).launchStrategies();

    assertThat(strategies).containsOnlyKeys("rts-json-timeout");
    assertThat(strategies.get("rts-json-timeout")).isInstanceOf(TimeoutLaunchStrategy.class);
  }

  @Test
  void delegatesToTheBuiltInRtsJson() {
    LaunchStrategy strategy =
        DaggerTimeoutExampleComponent.factory()
            .create(30)
            .launchStrategies()
            .get("rts-json-timeout");
    RuntimeInfo withoutRtsApi =
        new RuntimeInfo(
            "test",
            CannVersion.parse("8.5.0"),
            "Ascend910B1",
            DeviceArch.AARCH64,
            Set.of(),
            "a runtime without the rts API");

    // rts-json's own refusal, reached through the decorator.
    assertThat(strategy.refusal(withoutRtsApi, null))
        .hasValueSatisfying(reason -> assertThat(reason).contains("lacks the rts API"));
  }
}
