package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the policy does with two runtimes on one device, and on the CANN 8.5.0 profile. */
class PolicyEndToEndTest {
  @TempDir Path tmp;

  private static OpenSessionCommand open(
      Path so, @Nullable String deployment, @Nullable String launch) {
    return new OpenSessionCommand(
        0, so, OpenSessionCommand.DEFAULT_ENTRIES, deployment, launch, TimeoutChain.DEFAULT);
  }

  /** FNV-1a 64 (offset basis 0xcbf29ce484222325, prime 0x100000001b3), written out here. */
  private static long fnv1a(byte[] data) {
    long h = 0xcbf29ce484222325L;
    for (byte b : data) {
      h ^= b & 0xff;
      h *= 0x100000001b3L;
    }
    return h;
  }

  @Test
  @DisplayName("F1: a second runtime is refused under a latching deployment, runs through dispatch")
  void twoRuntimesOnOneDevice() throws Exception {
    Path vector = TestSos.packaged(tmp, TestSos.VECTOR);
    Path checksum = TestSos.packaged(tmp, TestSos.CHECKSUM);
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(1).build());
        Session first = aicpu.open(OpenSessionCommand.of(0, vector))) {
      TestSos.addAndVerify(first, 256, 2, 3f);

      // legacy-kfc would make the KFC library latch the checksum runtime itself; it already holds
      // the dispatcher, so CANN would silently skip the new SO.
      assertThatThrownBy(() -> aicpu.open(open(checksum, "legacy-kfc", null)))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.getMessage())
                    .contains("has already latched the aicpu-launch dispatcher SO")
                    .contains(checksum.toString())
                    .contains("(F1)");
                assertThat(e.hint()).contains("dispatch-through");
              });

      try (Session second = aicpu.open(OpenSessionCommand.of(0, checksum))) {
        assertThat(second.info().launch()).isEqualTo("dispatch-through");
        assertThat(second.info().policyReason())
            .contains("1 other runtime(s) already on physical device 0");
        byte[] data = new byte[1000];
        for (int i = 0; i < data.length; i++) {
          data[i] = (byte) (i * 31 + 7);
        }
        DeviceBuffer in = second.allocate(data.length);
        DeviceBuffer out = second.allocate(8);
        second.write(in, 0, ByteBuffer.wrap(data));
        ByteBuffer payload = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
        payload.putLong(in.address()).putLong(data.length).putLong(out.address()).putLong(0);
        second.launch(new LaunchCommand("simpler_aicpu_exec", payload.flip(), 2));
        long sum = second.read(out, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(sum).isEqualTo(fnv1a(data));
      }
      // the first runtime still works next to it
      TestSos.addAndVerify(first, 256, 4, -1f);
    }
  }

  @Test
  @DisplayName(
      "seed issue: on CANN 8.5.0 the probe gets 107000 and the policy falls back to direct-aicpu;"
          + " an explicit rts-json is attempted and fails with CANN's code")
  void cann850FallsBackToDirectAicpu() throws Exception {
    Path vector = TestSos.packaged(tmp, TestSos.VECTOR);
    try (AicpuLaunch aicpu =
        AicpuLaunch.simulator(SimConfig.builder().chips(1).profile("8.5.0").build())) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      try (Session s = aicpu.open(OpenSessionCommand.of(0, vector))) {
        assertThat(s.info().launch()).isEqualTo("direct-aicpu");
        assertThat(s.info().policyReason())
            .contains("rts-json refused")
            .contains("registration probe")
            .contains("8.5.0")
            .contains("107000");
        TestSos.addAndVerify(s, 4096, 4, 0.5f);
      }
      assertThatThrownBy(() -> aicpu.open(open(vector, null, "rts-json")))
          .isInstanceOfSatisfying(
              CannCallException.class,
              e -> {
                assertThat(e.code()).isEqualTo(107000);
                assertThat(e.function()).isEqualTo("rtsBinaryLoadFromFile");
              });
      TestSos.assertNothingLeft(inspector, 0);
    }
  }
}
