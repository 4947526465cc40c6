package io.github.aicpulaunch.examples.timeout;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The example's Dagger wiring: the strategy sits next to the built-ins, and it wraps the real
 * rts-json. Reading the strategies starts no simulator.
 */
class TimeoutExampleComponentTest {
  private final TimeoutExampleComponent component =
      DaggerTimeoutExampleComponent.factory().create(SimConfig.builder().build(), 30);

  @Test
  void contributesTheStrategyNextToTheBuiltIns() {
    Map<String, LaunchStrategy> strategies = component.launchStrategies();

    assertThat(strategies).containsKeys("rts-json-timeout", "rts-json", "direct-aicpu");
    assertThat(strategies.get("rts-json-timeout")).isInstanceOf(TimeoutLaunchStrategy.class);
  }

  @Test
  void delegatesToTheBuiltInRtsJson() {
    LaunchStrategy strategy = component.launchStrategies().get("rts-json-timeout");
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
