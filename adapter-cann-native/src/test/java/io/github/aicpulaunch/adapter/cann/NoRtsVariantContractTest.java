package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code no-rts} stand-in exports no {@code rts*} symbol: the backend stays available, the rts
 * capabilities are off (so the policy falls back to direct-aicpu), and rts calls are refused before
 * anything reaches CANN.
 */
class NoRtsVariantContractTest {
  private final Standin standin = Standin.variant("no-rts");
  private CannAdapter adapter;
  private CannPorts ports;

  @BeforeEach
  void load() {
    adapter = standin.freshAdapter();
    ports = adapter.ports();
  }

  @Test
  void rtsCapabilitiesAreOffAndTheRestIsOn() {
    assertThat(adapter.isAvailable()).isTrue();
    assertThat(adapter.report().capabilities())
        .doesNotContain(Capability.RTS_BINARY_LOAD, Capability.RTS_LAUNCH_CPU_KERNEL)
        .contains(Capability.AICPU_KERNEL_LAUNCH_EX, Capability.STREAM_SYNC_WITH_TIMEOUT);
    assertThat(adapter.report().missingSymbols())
        .containsExactly(
            "rtsBinaryLoadFromFile", "rtsFuncGetByName", "rtsBinaryUnload", "rtsLaunchCpuKernel");
    assertThat(ports.runtime().info().has(Capability.RTS_BINARY_LOAD)).isFalse();
  }

  @Test
  void rtsCallsAreRefusedWithTheMissingSymbolNamed() {
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();

    assertThatThrownBy(
            () ->
                ports
                    .binaries()
                    .loadBinaryFromFile(
                        Path.of("/tmp/x.json"), LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rtsBinaryLoadFromFile is not exported by")
        .hasMessageContaining("libruntime.so");
    assertThatThrownBy(
            () ->
                ports
                    .cpuKernels()
                    .launchCpuKernel(
                        new FunctionHandle(0xF010),
                        1,
                        stream,
                        LaunchConfig.none(),
                        ByteBuffer.allocate(8)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rtsLaunchCpuKernel");
    assertThat(standin.calls())
        .containsExactly("rtSetDevice device=0 rc=0", "rtStreamCreate priority=0 -> S1 rc=0");
  }

  @Test
  void directType2LaunchStillWorks() {
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    ByteBuffer blob = ByteBuffer.allocate(64);
    blob.put(0, "simpler_inner_17c206da09cc6435_0.so".getBytes(StandardCharsets.US_ASCII));
    blob.put(40, "simpler_aicpu_exec".getBytes(StandardCharsets.US_ASCII));
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU, "AST_DYN_AICPU", 2, new AicpuArgs(blob, 0, 40), stream);

    assertThat(standin.calls().get(2))
        .startsWith("rtAicpuKernelLaunchExWithArgs kernelType=2")
        .contains("soName=simpler_inner_17c206da09cc6435_0.so kernelName=simpler_aicpu_exec")
        .endsWith("rc=0");
  }
}
