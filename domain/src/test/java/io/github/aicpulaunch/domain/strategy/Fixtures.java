package io.github.aicpulaunch.domain.strategy;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.mock;

import io.github.aicpulaunch.domain.abi.DispatchRequest;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.SoBytes;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/** Mocked ports and a runtime image shared by the strategy tests. */
final class Fixtures {
  static final StreamHandle STREAM = new StreamHandle(0x77);
  static final long FP = 0x17c206da09cc6435L;
  static final String FP_HEX = "17c206da09cc6435";
  static final String PREINSTALL = "simpler_inner_17c206da09cc6435_9.so";

  final DeviceControlPort devices = mock(DeviceControlPort.class);
  final DeviceMemoryPort memory = mock(DeviceMemoryPort.class);
  final StreamPort streams = mock(StreamPort.class);
  final AicpuKernelLaunchPort aicpu = mock(AicpuKernelLaunchPort.class);
  final BinaryRegistrationPort binaries = mock(BinaryRegistrationPort.class);
  final CpuKernelLaunchPort cpuKernels = mock(CpuKernelLaunchPort.class);
  final CannPorts ports =
      new CannPorts(
          mock(RuntimeInfoPort.class), devices, memory, streams, aicpu, binaries, cpuKernels);

  private Fixtures() {
    answerHandshakes(memory);
    // A card's adapter copies an upload chunk by chunk: the port's own default.
    doCallRealMethod().when(memory).copyAllToDevice(any(), any());
  }

  /**
   * Makes a mocked device memory answer the dispatch-through handshake as this project's dispatcher
   * does: every 4-byte read (the request's acknowledgement word) reads "DACK".
   */
  static void answerHandshakes(DeviceMemoryPort memory) {
    doAnswer(
            inv -> {
              ByteBuffer dst = inv.getArgument(0);
              if (dst.remaining() == 4) {
                dst.order(ByteOrder.LITTLE_ENDIAN).putInt(dst.position(), DispatchRequest.ACK);
              }
              return null;
            })
        .when(memory)
        .copyFromDevice(any(), any());
  }

  static RuntimeImage image(List<String> symbols, long size) {
    return new RuntimeImage(
        Path.of("/rt/libaicpu_kernel.so"),
        FP,
        FP_HEX,
        RuntimeImage.SOURCE_BUILD_ID,
        PREINSTALL,
        symbols.stream().map(s -> new EntryPoint(s, s + "_" + FP_HEX)).toList(),
        size,
        183);
  }

  static final RuntimeImage IMAGE = image(List.of("simpler_aicpu_exec", "simpler_aicpu_init"), 16);

  LaunchContext launchContext(RuntimeImage image, Path descriptor) {
    return new LaunchContext(
        ports,
        1,
        9,
        STREAM,
        image,
        RuntimeResidence.PREINSTALL_DIRECTORY,
        () -> descriptor,
        TimeoutChain.FAST_FAIL,
        LaunchConfig.none());
  }

  DeployContext deployContext(ByteBuffer runtimeSo, ByteBuffer dispatcherSo) {
    return new DeployContext(
        ports,
        1,
        9,
        STREAM,
        image(List.of("simpler_aicpu_exec"), runtimeSo.remaining()),
        SoBytes.of(runtimeSo),
        () -> dispatcherSo);
  }

  static RuntimeInfo cann(String version, Capability... caps) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    set.addAll(List.of(caps));
    return new RuntimeInfo(
        "sim", CannVersion.parse(version), "Ascend910_9392", DeviceArch.AARCH64, set, "test");
  }

  static RuntimeInfo allCapabilities() {
    return new RuntimeInfo(
        "sim",
        CannVersion.parse("9.0.0"),
        "Ascend910_9392",
        DeviceArch.AARCH64,
        EnumSet.allOf(Capability.class),
        "test");
  }

  static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.duplicate().get(out);
    return out;
  }

  static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  /** A deployment that only declares a residence, for launch-strategy refusals. */
  static Deployment residing(RuntimeResidence residence) {
    return new Deployment() {
      @Override
      public String name() {
        return residence == RuntimeResidence.KFC_LIBRARY ? "legacy-kfc" : "dispatcher-upload";
      }

      @Override
      public RuntimeResidence residence() {
        return residence;
      }

      @Override
      public Optional<String> refusal(RuntimeInfo runtime) {
        return Optional.empty();
      }

      @Override
      public Optional<KfcLatch> latch(RuntimeImage image) {
        return Optional.empty();
      }

      @Override
      public void deploy(DeployContext context) {}
    };
  }

  static Fixtures create() {
    return new Fixtures();
  }
}
