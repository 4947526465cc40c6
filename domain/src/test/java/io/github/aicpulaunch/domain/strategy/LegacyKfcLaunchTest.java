package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * Bytes checked against PROTOCOL §2.1, §3.2, §3.3 (a) and docs/ABI.md "Legacy KFC launch":
 * payload_addr at 40, payload_len at 48, kernel name at 208, SO name at 240, 304 bytes.
 */
class LegacyKfcLaunchTest {
  private static final RuntimeImage SERVER_IMAGE =
      Fixtures.image(List.of("DynTileFwkBackendKernelServer"), 16);

  private final Fixtures f = Fixtures.create();
  private final List<Long> mallocs = new ArrayList<>();
  private final List<Object[]> copies = new ArrayList<>();
  private final List<byte[]> blobs = new ArrayList<>();
  private final List<Integer> blocks = new ArrayList<>();

  @BeforeEach
  void stub() {
    AtomicLong next = new AtomicLong(0x8000_0000_0001_0000L);
    when(f.memory.malloc(anyLong()))
        .thenAnswer(
            inv -> {
              assertThat(inv.<Long>getArgument(0)).isEqualTo(65536L);
              long a = next.getAndAdd(0x20000);
              mallocs.add(a);
              return new DevicePtr(a);
            });
    doAnswer(
            inv -> {
              copies.add(
                  new Object[] {
                    ((DevicePtr) inv.getArgument(0)).address(), Fixtures.bytes(inv.getArgument(1))
                  });
              return null;
            })
        .when(f.memory)
        .copyToDevice(any(), any());
    doAnswer(
            inv -> {
              AicpuArgs a = inv.getArgument(3);
              assertThat(inv.<KernelType>getArgument(0)).isEqualTo(KernelType.AICPU_KFC);
              assertThat(inv.<String>getArgument(1)).isEqualTo("AST_DYN_AICPU");
              assertThat(a.soNameOffset()).isEqualTo(240);
              assertThat(a.kernelNameOffset()).isEqualTo(208);
              blocks.add(inv.getArgument(2));
              blobs.add(Fixtures.bytes(a.args()));
              return null;
            })
        .when(f.aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
  }

  private TaskLauncher prepare() {
    return new LegacyKfcLaunch().prepare(f.launchContext(SERVER_IMAGE, Path.of("/x.json")));
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static String cString(byte[] b, int off) {
    int end = off;
    while (b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.US_ASCII);
  }

  @Test
  @DisplayName("prepare allocates the payload slots and copies nothing yet")
  void prepareAllocatesSlotsOnly() {
    prepare();
    assertThat(mallocs).hasSize(LegacyKfcLauncher.SLOTS);
    assertThat(copies).isEmpty();
    verifyNoInteractions(f.aicpu, f.streams, f.binaries, f.cpuKernels);
  }

  @Test
  @DisplayName("§3.3 (a): a launch copies the payload, then KFC-launches DynTileFwkKernelServer")
  void launchBytes() {
    TaskLauncher launcher = prepare();
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
    payload.position(2);
    launcher.launch(0, payload, 6);
    assertThat(payload.position()).isEqualTo(2);

    InOrder order = inOrder(f.memory, f.aicpu);
    order.verify(f.memory).copyToDevice(eq(new DevicePtr(mallocs.get(0))), any());
    order.verify(f.aicpu).launchAicpuKernel(any(), any(), eq(6), any(), eq(Fixtures.STREAM));
    assertThat((byte[]) copies.get(0)[1]).isEqualTo(new byte[] {7, 6, 5, 4, 3, 2, 1, 0});

    byte[] blob = blobs.get(0);
    assertThat(blob).hasSize(304);
    for (int i = 0; i < 208; i++) {
      if (i < 40 || i >= 56) {
        assertThat(blob[i]).as("front byte %d", i).isZero();
      }
    }
    assertThat(le(blob).getLong(40)).as("payload_addr").isEqualTo(mallocs.get(0));
    assertThat(le(blob).getLong(48)).as("payload_len").isEqualTo(8);
    assertThat(cString(blob, 208)).isEqualTo("DynTileFwkKernelServer");
    assertThat(cString(blob, 240)).isEqualTo("libaicpu_extend_kernels.so");
    assertThat(blob[272]).as("op_name empty").isZero();
    assertThat(blocks).containsExactly(6);
  }

  @Test
  @DisplayName("the ring uses the next slot per launch and waits for the stream before reuse")
  void ringSynchronisesOnWrap() {
    TaskLauncher launcher = prepare();
    for (int i = 0; i < LegacyKfcLauncher.SLOTS; i++) {
      launcher.launch(0, ByteBuffer.allocate(32), 1);
    }
    verify(f.streams, never()).synchronize(any(), anyInt());
    launcher.launch(0, ByteBuffer.allocate(4), 1);
    verify(f.streams, times(1)).synchronize(Fixtures.STREAM, 4000);
    for (int i = 0; i < LegacyKfcLauncher.SLOTS; i++) {
      assertThat(le(blobs.get(i)).getLong(40)).isEqualTo(mallocs.get(i));
      assertThat(le(blobs.get(i)).getLong(48)).isEqualTo(32);
    }
    assertThat(le(blobs.get(4)).getLong(40)).isEqualTo(mallocs.get(0));
    assertThat(le(blobs.get(4)).getLong(48)).isEqualTo(4);
  }

  @Test
  void anEmptyPayloadIsRefusedBeforeAnyDeviceCall() {
    TaskLauncher launcher = prepare();
    assertThatThrownBy(() -> launcher.launch(0, ByteBuffer.allocate(0), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payloadLen must be 1..65536");
    verify(f.memory, never()).copyToDevice(any(), any());
    verifyNoInteractions(f.aicpu);
  }

  @Test
  void releaseFreesInReverseAndAbandonFreesNothing() {
    TaskLauncher launcher = prepare();
    launcher.release();
    InOrder order = inOrder(f.memory);
    for (int i = mallocs.size() - 1; i >= 0; i--) {
      order.verify(f.memory).free(new DevicePtr(mallocs.get(i)));
    }

    Fixtures g = Fixtures.create();
    when(g.memory.malloc(anyLong())).thenReturn(new DevicePtr(0x1000));
    TaskLauncher other =
        new LegacyKfcLaunch().prepare(g.launchContext(SERVER_IMAGE, Path.of("/x.json")));
    other.abandon();
    other.release();
    verify(g.memory, never()).free(any());
  }

  @Test
  void aFailedPrepareFreesWhatItAllocated() {
    CannCallException oom = CannCallException.of(207001, "aclrtMalloc");
    doReturn(new DevicePtr(0x1000), new DevicePtr(0x2000))
        .doThrow(oom)
        .when(f.memory)
        .malloc(anyLong());
    assertThatThrownBy(this::prepare).isSameAs(oom);
    InOrder order = inOrder(f.memory);
    order.verify(f.memory).free(new DevicePtr(0x2000));
    order.verify(f.memory).free(new DevicePtr(0x1000));
  }

  @Test
  @DisplayName("pairs only with the legacy-kfc deployment and only with the server entry")
  void refusals() {
    LegacyKfcLaunch l = new LegacyKfcLaunch();
    assertThat(l.refusal(Fixtures.allCapabilities(), new LegacyKfcDeployment(), SERVER_IMAGE))
        .isEmpty();
    assertThat(l.refusal(Fixtures.allCapabilities(), new DispatcherUploadDeployment()))
        .hasValueSatisfying(
            r -> assertThat(r).contains("legacy-kfc").contains("dispatcher-upload"));
    assertThat(l.refusal(Fixtures.allCapabilities(), new PreinstalledDeployment())).isPresent();
    assertThat(l.refusal(Fixtures.cann("9.0.0"), new LegacyKfcDeployment()))
        .hasValueSatisfying(r -> assertThat(r).contains("rtAicpuKernelLaunchExWithArgs"));
    assertThat(
            l.refusal(
                Fixtures.cann("9.0.0", Capability.AICPU_KERNEL_LAUNCH_EX),
                new LegacyKfcDeployment(),
                Fixtures.IMAGE))
        .hasValueSatisfying(
            r ->
                assertThat(r)
                    .contains("DynTileFwkBackendKernelServer")
                    .contains("simpler_aicpu_exec"));
  }

  @Test
  void prepareRefusesOtherEntriesBeforeAnyDeviceCall() {
    assertThatThrownBy(
            () ->
                new LegacyKfcLaunch().prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json"))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("DynTileFwkBackendKernelServer");
    verifyNoInteractions(f.memory, f.aicpu);
  }
}
