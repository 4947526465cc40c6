package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.DevicePtr;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Against the real CANN of a card: excluded by default; run with {@code -Ponboard}. Skipped, with
 * the reason, where no CANN is found (ASCEND_HOME_PATH, the usual install paths, {@code
 * jna.library.path}).
 */
@Tag("onboard")
class OnboardTest {
  private static final Logger log = LoggerFactory.getLogger(OnboardTest.class);
  private static final int DEVICE = 0;

  private static CannAdapter adapter;

  @BeforeAll
  static void load() {
    adapter = CannAdapter.load(CannOptions.defaults());
    log.warn("{}", adapter.report().describe());
  }

  @BeforeEach
  void requireCann() {
    assumeTrue(
        adapter.isAvailable(),
        () -> "no usable CANN on this machine: " + adapter.unavailabilityCause().orElse("?"));
  }

  @Test
  void reportsVersionSocAndLaunchCapability() {
    CannReport report = adapter.report();
    assertThat(report.version()).as("CANN version (%s)", report.versionSource()).isPresent();
    assertThat(report.socName()).isNotEqualTo("unknown");
    assertThat(report.argsLayout()).isPresent();
    assertThat(report.capabilities()).contains(Capability.AICPU_KERNEL_LAUNCH_EX);
    assertThat(adapter.ports().devices().deviceCount()).isPositive();
  }

  @Test
  void deviceMemoryRoundTrip() {
    CannPorts ports = adapter.ports();
    byte[] data = new byte[4096];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 31 + 7);
    }
    ports.devices().setDevice(DEVICE);
    DevicePtr p = ports.memory().malloc(data.length);
    try {
      ports.memory().copyToDevice(p, ByteBuffer.wrap(data));
      ByteBuffer back = ByteBuffer.allocate(data.length);
      ports.memory().copyFromDevice(back, p);
      assertThat(back.array()).isEqualTo(data);
    } finally {
      ports.memory().free(p);
      ports.devices().resetDevice(DEVICE);
    }
  }
}
