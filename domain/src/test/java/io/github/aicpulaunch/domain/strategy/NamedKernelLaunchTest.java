package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.verifyNoInteractions;

import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.KernelType;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NamedKernelLaunchTest {
  private final Fixtures f = Fixtures.create();
  private final List<Object[]> launches = new ArrayList<>();

  private void record() {
    doAnswer(
            inv -> {
              AicpuArgs args = inv.getArgument(3);
              launches.add(
                  new Object[] {
                    inv.getArgument(0),
                    inv.getArgument(1),
                    inv.getArgument(2),
                    Fixtures.bytes(args.args()),
                    args.soNameOffset(),
                    args.kernelNameOffset(),
                    inv.getArgument(4),
                    args.args()
                  });
              return null;
            })
        .when(f.aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
  }

  private static byte[] expectedBlob(byte[] payload, String so, String kernel) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(payload);
    out.writeBytes(Fixtures.ascii(so));
    out.write(0);
    out.writeBytes(Fixtures.ascii(kernel));
    out.write(0);
    return out.toByteArray();
  }

  @Test
  @DisplayName("direct-aicpu: type 2, payload as given, then so name and entry name (PROTOCOL 1.2)")
  void directLaunchBlob() {
    record();
    TaskLauncher launcher =
        new DirectAicpuLaunch().prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json")));
    verifyNoInteractions(f.aicpu, f.memory, f.binaries);
    byte[] payload = new byte[40];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i + 1);
    }
    ByteBuffer buffer = ByteBuffer.wrap(payload);
    buffer.position(8);
    launcher.launch(1, buffer, 3);
    assertThat(buffer.position()).isEqualTo(8);
    assertThat(buffer.limit()).isEqualTo(40);

    Object[] l = launches.get(0);
    assertThat(l[0]).isEqualTo(KernelType.AICPU);
    assertThat(l[1]).isEqualTo("AST_DYN_AICPU");
    assertThat(l[2]).isEqualTo(3);
    byte[] sent = java.util.Arrays.copyOfRange(payload, 8, 40);
    assertThat((byte[]) l[3])
        .isEqualTo(expectedBlob(sent, Fixtures.PREINSTALL, "simpler_aicpu_init"));
    assertThat(l[4]).isEqualTo(32);
    assertThat(l[5]).isEqualTo(32 + Fixtures.PREINSTALL.length() + 1);
    assertThat(l[6]).isEqualTo(Fixtures.STREAM);
  }

  @Test
  @DisplayName("direct-aicpu: one blob buffer serves every launch (no per-launch buffer)")
  void blobIsReused() {
    record();
    TaskLauncher launcher =
        new DirectAicpuLaunch().prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json")));
    launcher.launch(0, ByteBuffer.allocate(96), 4);
    launcher.launch(1, ByteBuffer.allocate(8), 1);
    assertThat(launches.get(1)[7]).isSameAs(launches.get(0)[7]);
    assertThat((byte[]) launches.get(1)[3])
        .isEqualTo(expectedBlob(new byte[8], Fixtures.PREINSTALL, "simpler_aicpu_init"));
    assertThat((byte[]) launches.get(0)[3])
        .isEqualTo(expectedBlob(new byte[96], Fixtures.PREINSTALL, "simpler_aicpu_exec"));
  }

  @Test
  @DisplayName(
      "direct-aicpu: same entry and payload length reuse the args value; a new length or"
          + " entry gets offsets of its own")
  void argsValueIsReusedWhileTheLengthRepeats() {
    List<AicpuArgs> sent = new ArrayList<>();
    List<byte[]> blobs = new ArrayList<>();
    doAnswer(
            inv -> {
              AicpuArgs args = inv.getArgument(3);
              sent.add(args);
              blobs.add(Fixtures.bytes(args.args()));
              return null;
            })
        .when(f.aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
    TaskLauncher launcher =
        new DirectAicpuLaunch().prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json")));
    int so = Fixtures.PREINSTALL.length() + 1;

    launcher.launch(0, ByteBuffer.allocate(16), 1);
    launcher.launch(0, ByteBuffer.allocate(16), 1);
    launcher.launch(0, ByteBuffer.allocate(24), 1);
    launcher.launch(1, ByteBuffer.allocate(24), 1);
    launcher.launch(0, ByteBuffer.allocate(24), 1);

    assertThat(sent.get(1)).isSameAs(sent.get(0));
    assertThat(sent.get(2)).isNotSameAs(sent.get(0));
    assertThat(sent.get(3)).isNotSameAs(sent.get(2));
    assertThat(sent.get(4)).isSameAs(sent.get(2));
    assertThat(sent.get(0).soNameOffset()).isEqualTo(16);
    assertThat(sent.get(0).kernelNameOffset()).isEqualTo(16 + so);
    assertThat(sent.get(2).soNameOffset()).isEqualTo(24);
    assertThat(sent.get(2).kernelNameOffset()).isEqualTo(24 + so);
    assertThat(blobs.get(1))
        .isEqualTo(expectedBlob(new byte[16], Fixtures.PREINSTALL, "simpler_aicpu_exec"));
    assertThat(blobs.get(3))
        .isEqualTo(expectedBlob(new byte[24], Fixtures.PREINSTALL, "simpler_aicpu_init"));
    assertThat(blobs.get(4))
        .isEqualTo(expectedBlob(new byte[24], Fixtures.PREINSTALL, "simpler_aicpu_exec"));
  }

  @Test
  void directNeedsTheLaunchCallAndAPreinstallFile() {
    DirectAicpuLaunch direct = new DirectAicpuLaunch();
    assertThat(
            direct.refusal(
                Fixtures.cann("8.5.0"), Fixtures.residing(RuntimeResidence.PREINSTALL_DIRECTORY)))
        .hasValueSatisfying(r -> assertThat(r).contains("rtAicpuKernelLaunchExWithArgs"));
    assertThat(
            direct.refusal(
                Fixtures.cann("8.5.0", Capability.AICPU_KERNEL_LAUNCH_EX),
                Fixtures.residing(RuntimeResidence.KFC_LIBRARY)))
        .hasValueSatisfying(r -> assertThat(r).contains("legacy-kfc").contains("preinstall"));
    assertThat(
            direct.refusal(
                Fixtures.cann("8.5.0", Capability.AICPU_KERNEL_LAUNCH_EX),
                Fixtures.residing(RuntimeResidence.PREINSTALL_DIRECTORY)))
        .isEmpty();
  }

  @Test
  void preinstalledMakesNoDeviceCallAndLatchesNothing() {
    PreinstalledDeployment d = new PreinstalledDeployment();
    d.deploy(f.deployContext(ByteBuffer.allocate(16), ByteBuffer.allocate(4)));
    verifyNoInteractions(f.memory, f.aicpu, f.streams, f.devices);
    assertThat(d.latch(Fixtures.IMAGE)).isEmpty();
    assertThat(d.residence()).isEqualTo(RuntimeResidence.PREINSTALL_DIRECTORY);
  }
}
