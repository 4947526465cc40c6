package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.helpers.BasicMDCAdapter;

/** P5: device log lines reach SLF4J with the device they came from. */
class DeviceLogTest {
  /** What one SLF4J call received. */
  record Call(String logger, String level, String message, Map<String, String> mdc) {}

  /** Loggers that record every call with the MDC at the time of the call. */
  private static final class Recorder {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final BasicMDCAdapter mdc = new BasicMDCAdapter();

    Logger logger(String name) {
      return RecordingLogger.of(
          name,
          (logger, level, message) -> {
            Map<String, String> context = mdc.getCopyOfContextMap();
            calls.add(
                new Call(
                    logger, level, message, context == null ? Map.of() : new HashMap<>(context)));
          });
    }
  }

  @Test
  @DisplayName("DlogRecord lines go to a per-device logger with MDC device and chip set")
  void dlogRecordReachesSlf4j() throws Exception {
    Recorder recorder = new Recorder();
    try (Simulator sim =
        Simulator.start(
            SimConfig.builder().chips(2).memoryBudgetBytes(1 << 20).build(),
            recorder::logger,
            recorder.mdc)) {
      TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, "libsim_log.so");
      CannPorts ports = sim.ports();
      ports.devices().setDevice(1);
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(ports, s, "libsim_log.so", "sim_log", 1, TestSos.cString("to slf4j"));
      ports.streams().synchronize(s, 10_000);

      assertThat(recorder.calls)
          .filteredOn(c -> c.message().contains("to slf4j"))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.logger()).isEqualTo("io.github.aicpulaunch.adapter.sim.device.1");
                assertThat(c.level()).isEqualTo("info"); // sim_log logs at DlogRecord level 1
                assertThat(c.mdc()).containsEntry("device", "1").containsEntry("chip", "0");
              });
      assertThat(sim.inspector().deviceLog(1)).anyMatch(l -> l.text().contains("to slf4j"));
      assertThat(sim.inspector().deviceLog(0)).noneMatch(l -> l.text().contains("to slf4j"));
      assertThat(recorder.mdc.get("device")).as("the MDC is cleared after the call").isNull();
    }
  }

  @Test
  @DisplayName(
      "a kernel's printf reaches the device log as a printed chip line, by the time the simulator"
          + " is closed")
  void printfReachesTheDeviceLog() throws Exception {
    Recorder recorder = new Recorder();
    Simulator sim =
        Simulator.start(
            SimConfig.builder().memoryBudgetBytes(1 << 20).build(), recorder::logger, recorder.mdc);
    try (sim) {
      TestSos.install(sim.inspector().preinstallDir(0), TestSos.KERNELS, "libsim_printf.so");
      CannPorts ports = sim.ports();
      ports.devices().setDevice(0);
      StreamHandle s = ports.streams().createStream();
      TestSos.launchType2(
          ports, s, "libsim_printf.so", "sim_printf", 1, TestSos.cString("hello from printf"));
      ports.streams().synchronize(s, 10_000);
    }
    assertThat(sim.inspector().deviceLog())
        .filteredOn(l -> l.text().equals("sim_printf: hello from printf"))
        .singleElement()
        .satisfies(
            l -> {
              assertThat(l.printed()).isTrue();
              assertThat(l.moduleId()).isEqualTo(DeviceLogLine.OUTPUT_MODULE);
              assertThat(l.level()).isEqualTo(DeviceLogLine.OUTPUT_LEVEL);
              assertThat(l.chip()).isZero();
              assertThat(l.logicalDevice()).isEqualTo(-1);
            });
    assertThat(recorder.calls)
        .anyMatch(
            c ->
                c.logger().equals("io.github.aicpulaunch.adapter.sim.device.chip0")
                    && c.message().contains("sim_printf: hello from printf"));
  }

  @Test
  @DisplayName("chip-level lines go to the chip's logger, without a device in the MDC")
  void chipLevelLine() {
    Recorder recorder = new Recorder();
    DeviceLog log = new DeviceLog(2, recorder::logger, recorder.mdc);
    log.record(new DeviceLogLine(3, -1, 3, 3, "chip fault"));
    log.record(new DeviceLogLine(0, 0, 3, 0, "a"));
    log.record(new DeviceLogLine(0, 0, 3, 2, "b"));
    assertThat(recorder.calls.get(0).logger())
        .isEqualTo("io.github.aicpulaunch.adapter.sim.device.chip3");
    assertThat(recorder.calls.get(0).level()).isEqualTo("error");
    assertThat(recorder.calls.get(0).mdc()).containsEntry("chip", "3").doesNotContainKey("device");
    assertThat(recorder.calls.get(1).level()).isEqualTo("debug");
    assertThat(recorder.calls.get(2).level()).isEqualTo("warn");
    assertThat(log.lines()).extracting(DeviceLogLine::text).containsExactly("a", "b");
  }
}
