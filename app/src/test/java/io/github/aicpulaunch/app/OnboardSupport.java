package io.github.aicpulaunch.app;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.adapter.cann.CannAdapter;
import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.app.wiring.CannComponent;
import io.github.aicpulaunch.app.wiring.PackagedSos;
import io.github.aicpulaunch.ports.out.DeviceArch;

/**
 * What the onboard group needs from the machine, each missing piece a skip with its reason: a
 * usable CANN (found as {@link CannOptions#defaults()} says: ASCEND_HOME_PATH, the usual install
 * roots, {@code jna.library.path}, LD_LIBRARY_PATH) and this build's aarch64 device SOs (the card's
 * AICPU runs aarch64 code; dispatcher-c packages {@code linux-aarch64/} when the cross compiler is
 * installed). The device is {@code -Daicpu.onboard.device=N} (default 0).
 */
final class OnboardSupport {
  private OnboardSupport() {}

  static int device() {
    return Integer.getInteger("aicpu.onboard.device", 0);
  }

  /** Skips the calling test unless CANN and the aarch64 SOs are both here. */
  static void requireCard() {
    CannAdapter adapter = CannComponent.create(CannOptions.defaults()).adapter();
    assumeTrue(
        adapter.isAvailable(),
        () -> "no usable CANN on this machine: " + adapter.unavailabilityCause().orElse("?"));
    for (String so :
        new String[] {
          PackagedSos.DISPATCHER, PackagedSos.VECTOR_RUNTIME, PackagedSos.CHECKSUM_RUNTIME
        }) {
      assumeTrue(
          PackagedSos.bytes(DeviceArch.AARCH64, so).isPresent(),
          () ->
              "this build packages no linux-aarch64/"
                  + so
                  + "; install gcc-aarch64-linux-gnu and rebuild dispatcher-c");
    }
  }
}
