package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The environment device code meets is the card's (docs/ABI.md "Device environment"): the HAL
 * answers as inside a card's AICPU OS, and runtime SOs are opened RTLD_GLOBAL (PROTOCOL 7.3). The
 * exported symbol set is checked against docs/ABI.md by ctest device_environment_exports.
 */
class DeviceEnvironmentTest {
  private static final String SO = "libsim_test_kernels.so";
  private static final long DRV_ERROR_INVALID_DEVICE = 2;
  private static final long DRV_ERROR_INVALID_VALUE = 3;

  /** DEV_INFO_TYPE CORE_NUM: not served to device code on a card (P10). */
  private static final int INFO_CORE_NUM = 3;

  private static Simulator sim;
  private static CannPorts ports;

  @BeforeAll
  static void start() throws Exception {
    sim = Simulator.start(SimConfig.builder().chips(2).memoryBudgetBytes(1 << 20).build());
    ports = sim.ports();
    TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, SO);
    TestSos.install(sim.inspector().preinstallDir(0), "libsim_global_parent.so", "libparent.so");
  }

  @AfterAll
  static void stop() {
    sim.close();
  }

  /** {@code halGetDeviceInfo(devId, module, info)} from a kernel on {@code device}: {rc, value}. */
  private static long[] hal(int device, int devId, int module, int info) {
    ports.devices().setDevice(device);
    DevicePtr out = ports.memory().malloc(16);
    StreamHandle s = ports.streams().createStream();
    try {
      ByteBuffer args =
          TestSos.le(24)
              .putInt(devId)
              .putInt(module)
              .putInt(info)
              .putInt(0)
              .putLong(out.address())
              .flip();
      TestSos.launchType2(ports, s, SO, "sim_hal", 1, args);
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(16);
      ports.memory().copyFromDevice(r, out);
      return new long[] {r.getInt(0), r.getLong(8)};
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(out);
    }
  }

  @Test
  @DisplayName(
      "halGetDeviceInfo: devId 0 is the calling die (upstream's hello kernel: AICPU OS_SCHED"
          + " answers rc 0, value 1); other ids and unknown types get the driver's codes")
  void devIdZeroIsThisDie() {
    assertThat(hal(0, 0, HalInfo.MODULE_AICPU, HalInfo.INFO_OS_SCHED)).containsExactly(0, 1);
    assertThat(hal(1, 0, HalInfo.MODULE_AICPU, HalInfo.INFO_OS_SCHED)).containsExactly(0, 1);
    // Die 1 of the chip asks with devId 0 and gets its own die id, not die 0's.
    assertThat(hal(1, 0, HalInfo.MODULE_SYSTEM, HalInfo.INFO_PHY_DIE_ID)).containsExactly(0, 1);
    assertThat(hal(0, 0, HalInfo.MODULE_SYSTEM, HalInfo.INFO_PHY_DIE_ID)).containsExactly(0, 0);
    // The a5 topology query's types, with a2a3's values for CANN 9.0.0: six user cores 2..7.
    assertThat(hal(1, 0, HalInfo.MODULE_AICPU, HalInfo.INFO_OCCUPY)).containsExactly(0, 0xfc);
    assertThat(hal(1, 0, HalInfo.MODULE_AICPU, HalInfo.INFO_PF_OCCUPY)).containsExactly(0, 0xfc);
    assertThat(hal(0, 0, HalInfo.MODULE_AICPU, HalInfo.INFO_PF_CORE_NUM)).containsExactly(0, 6);
    // Device code knows no other device; the driver's answer to an unknown type.
    assertThat(hal(1, 1, HalInfo.MODULE_AICPU, HalInfo.INFO_OS_SCHED)[0])
        .isEqualTo(DRV_ERROR_INVALID_DEVICE);
    assertThat(hal(0, 0, HalInfo.MODULE_AICPU, 77)[0]).isEqualTo(DRV_ERROR_INVALID_VALUE);
    // CORE_NUM is refused to device code as on a card (rc 3, P10); PF_CORE_NUM is the count.
    assertThat(hal(0, 0, HalInfo.MODULE_AICPU, INFO_CORE_NUM)[0])
        .isEqualTo(DRV_ERROR_INVALID_VALUE);
  }

  @Test
  @DisplayName(
      "OCCUPY as device code sees it: a5 (CANN 9.1) six user cores from CPU 3, 0x1f8; a3 six from"
          + " CPU 2, 0xfc")
  void a5Occupy() {
    assertThat(HalInfo.occupy(SimProfile.CANN_9_1, 6)).isEqualTo(0x1f8);
    assertThat(HalInfo.occupy(SimProfile.CANN_9_0_0, 6)).isEqualTo(0xfc);
  }

  @Test
  @DisplayName(
      "RTLD_GLOBAL (PROTOCOL 7.3): a runtime that dlopens a second SO using the runtime's own"
          + " symbols works")
  void runtimeSymbolsAreGlobal() {
    ports.devices().setDevice(0);
    byte[] child =
        (TestSos.path("libsim_global_child.so").toString() + "\0").getBytes(StandardCharsets.UTF_8);
    DevicePtr out = ports.memory().malloc(8);
    StreamHandle s = ports.streams().createStream();
    try {
      ByteBuffer args = TestSos.le(8 + child.length).putLong(out.address()).put(child).flip();
      TestSos.launchType2(ports, s, "libparent.so", "sim_global_exec", 1, args);
      ports.streams().synchronize(s, 10_000);
      ByteBuffer r = TestSos.le(8);
      ports.memory().copyFromDevice(r, out);
      assertThat(r.getInt(0)).as("the child SO loaded").isZero();
      assertThat(r.getInt(4)).isEqualTo(0x600d + 1);
    } finally {
      ports.streams().destroyStream(s);
      ports.memory().free(out);
    }
  }
}
