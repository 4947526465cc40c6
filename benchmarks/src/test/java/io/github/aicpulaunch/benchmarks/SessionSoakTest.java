package io.github.aicpulaunch.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SessionSoakTest {
  @Test
  @DisplayName("after 1,000 open/close cycles the simulated device is exactly back to baseline")
  void deviceBackToBaseline() {
    SessionSoak.Result r = SessionSoak.run(1_000, RtsJsonLaunch.NAME, 1);

    assertThat(r.memoryAfter()).isEqualTo(r.memoryBefore());
    assertThat(r.allocationsAfter()).isEqualTo(r.allocationsBefore());
    assertThat(r.streamsAfter()).isEqualTo(r.streamsBefore()).isZero();
    assertThat(r.registrationsAfter()).isEqualTo(r.registrationsBefore()).isZero();
    assertThat(r.functionHandlesAfter()).isEqualTo(r.functionHandlesBefore()).isZero();
    assertThat(r.deviceBackToBaseline()).isTrue();
    assertThat(r.warmupCycles()).isEqualTo(1_000);
  }
}
