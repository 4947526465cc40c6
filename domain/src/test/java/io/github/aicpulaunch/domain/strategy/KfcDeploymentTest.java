package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mockito.InOrder;

/**
 * The KFC bootstraps against PROTOCOL §2.1, §2.2 and §3.3 (b): offsets and strings below are read
 * from the protocol, not from the encoders.
 */
class KfcDeploymentTest {
  private static final int DISPATCHER_LEN = 24;
  private static final int RUNTIME_LEN = 16;

  private final Fixtures f = Fixtures.create();
  private final Map<Long, byte[]> copied = new HashMap<>();
  private final List<Object[]> launches = new ArrayList<>();
  private final ByteBuffer dispatcher = filled(DISPATCHER_LEN, 0xd0);
  private final ByteBuffer runtime = filled(RUNTIME_LEN, 0x70);

  private static ByteBuffer filled(int n, int base) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (base + i);
    }
    return ByteBuffer.wrap(b);
  }

  @BeforeEach
  void stubPorts() {
    when(f.memory.malloc(anyLong()))
        .thenReturn(new DevicePtr(0x1000), new DevicePtr(0x2000), new DevicePtr(0x3000));
    doAnswer(
            inv -> {
              DevicePtr dst = inv.getArgument(0);
              copied.put(dst.address(), Fixtures.bytes(inv.getArgument(1)));
              return null;
            })
        .when(f.memory)
        .copyToDevice(any(), any());
    doAnswer(
            inv -> {
              AicpuArgs a = inv.getArgument(3);
              launches.add(
                  new Object[] {
                    inv.getArgument(0),
                    inv.getArgument(1),
                    inv.getArgument(2),
                    Fixtures.bytes(a.args()),
                    a.soNameOffset(),
                    a.kernelNameOffset()
                  });
              return null;
            })
        .when(f.aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
  }

  private static long u64(byte[] b, int off) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(off);
  }

  private static void assertCString(byte[] blob, int off, String s) {
    byte[] expected = new byte[32];
    System.arraycopy(Fixtures.ascii(s), 0, expected, 0, s.length());
    assertThat(java.util.Arrays.copyOfRange(blob, off, off + 32)).isEqualTo(expected);
  }

  private static void assertZero(byte[] b, int from, int to) {
    for (int i = from; i < to; i++) {
      assertThat(b[i]).as("byte %d", i).isZero();
    }
  }

  private void assertBootstrapBlob(long deviceArgs) {
    Object[] l = launches.get(0);
    assertThat(l[0]).isEqualTo(KernelType.AICPU_KFC);
    assertThat(l[1]).isEqualTo("AST_DYN_AICPU");
    assertThat(l[2]).isEqualTo(1);
    byte[] blob = (byte[]) l[3];
    assertThat(blob).hasSize(304);
    assertZero(blob, 0, 40);
    assertThat(u64(blob, 40)).isEqualTo(deviceArgs);
    assertZero(blob, 48, 208);
    assertCString(blob, 208, "DynTileFwkKernelServerInit");
    assertCString(blob, 240, "libaicpu_extend_kernels.so");
    assertZero(blob, 272, 304);
    assertThat(l[4]).isEqualTo(240);
    assertThat(l[5]).isEqualTo(208);
  }

  @Test
  @DisplayName(
      "F11/F3b: dispatcher-upload sends the exact DeviceArgs and blob, then frees in reverse")
  void dispatcherUpload() {
    new DispatcherUploadDeployment().deploy(f.deployContext(runtime, dispatcher));

    assertThat(copied.get(0x1000L)).isEqualTo(Fixtures.bytes(dispatcher));
    assertThat(copied.get(0x2000L)).isEqualTo(Fixtures.bytes(runtime));
    byte[] da = copied.get(0x3000L);
    assertThat(da).hasSize(160);
    assertZero(da, 0, 96);
    assertThat(u64(da, 96)).isEqualTo(0x1000);
    assertThat(u64(da, 104)).isEqualTo(DISPATCHER_LEN);
    assertThat(u64(da, 112)).as("device_id = physical id 9, not logical 1").isEqualTo(9);
    assertThat(u64(da, 120)).isEqualTo(0x2000);
    assertThat(u64(da, 128)).isEqualTo(RUNTIME_LEN);
    assertZero(da, 136, 160);
    assertBootstrapBlob(0x3000);

    InOrder order = inOrder(f.memory, f.aicpu, f.streams);
    order.verify(f.memory).malloc(DISPATCHER_LEN);
    order.verify(f.memory).copyToDevice(any(), any());
    order.verify(f.memory).malloc(RUNTIME_LEN);
    order.verify(f.memory).copyToDevice(any(), any());
    order.verify(f.memory).malloc(160);
    order.verify(f.memory).copyToDevice(any(), any());
    order.verify(f.aicpu).launchAicpuKernel(any(), any(), anyInt(), any(), any());
    order.verify(f.streams).synchronize(Fixtures.STREAM);
    order.verify(f.memory).free(new DevicePtr(0x3000));
    order.verify(f.memory).free(new DevicePtr(0x2000));
    order.verify(f.memory).free(new DevicePtr(0x1000));
    order.verifyNoMoreInteractions();
  }

  /** Steps: 0-2 malloc n+1 fails, 3-5 copy n-3+1 fails, 6 launch fails, 7 sync fails. */
  @ParameterizedTest(name = "failure at step {0}: every buffer allocated so far is freed")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7})
  void freesOnEveryPath(int step) {
    CannCallException boom = CannCallException.of(step == 7 ? 507018 : 207001, "step" + step);
    List<DevicePtr> ptrs =
        List.of(new DevicePtr(0x1000), new DevicePtr(0x2000), new DevicePtr(0x3000));
    int allocated;
    if (step < 3) {
      var stub = when(f.memory.malloc(anyLong()));
      for (int i = 0; i < step; i++) {
        stub = stub.thenReturn(ptrs.get(i));
      }
      stub.thenThrow(boom);
      allocated = step;
    } else if (step < 6) {
      doThrow(boom)
          .when(f.memory)
          .copyToDevice(org.mockito.ArgumentMatchers.eq(ptrs.get(step - 3)), any());
      allocated = step - 2;
    } else if (step == 6) {
      doThrow(boom).when(f.aicpu).launchAicpuKernel(any(), any(), anyInt(), any(), any());
      allocated = 3;
    } else {
      doThrow(boom).when(f.streams).synchronize(Fixtures.STREAM);
      allocated = 3;
    }
    assertThatThrownBy(
            () -> new DispatcherUploadDeployment().deploy(f.deployContext(runtime, dispatcher)))
        .isSameAs(boom);
    InOrder order = inOrder(f.memory);
    for (int i = allocated - 1; i >= 0; i--) {
      order.verify(f.memory).free(ptrs.get(i));
    }
    for (int i = allocated; i < 3; i++) {
      verify(f.memory, never()).free(ptrs.get(i));
    }
  }

  @Test
  void aFailedFreeIsSuppressedOntoTheBootstrapFailure() {
    CannCallException sync = CannCallException.of(507018, "aclrtSynchronizeStream");
    CannCallException free = CannCallException.of(107017, "aclrtFree");
    doThrow(sync).when(f.streams).synchronize(Fixtures.STREAM);
    doThrow(free).when(f.memory).free(new DevicePtr(0x2000));
    assertThatThrownBy(
            () -> new DispatcherUploadDeployment().deploy(f.deployContext(runtime, dispatcher)))
        .isSameAs(sync)
        .satisfies(e -> assertThat(e.getSuppressed()).containsExactly(free));
    verify(f.memory).free(new DevicePtr(0x1000));
    verify(f.memory).free(new DevicePtr(0x3000));
  }

  @Test
  @DisplayName("PROTOCOL 3.3 (a): legacy-kfc hands the runtime SO itself to the extend library")
  void legacyKfc() {
    LegacyKfcDeployment legacy = new LegacyKfcDeployment();
    legacy.deploy(f.deployContext(runtime, dispatcher));
    assertThat(copied.get(0x1000L)).isEqualTo(Fixtures.bytes(runtime));
    byte[] da = copied.get(0x2000L);
    assertThat(da).hasSize(160);
    assertThat(u64(da, 96)).isEqualTo(0x1000);
    assertThat(u64(da, 104)).isEqualTo(RUNTIME_LEN);
    assertThat(u64(da, 112)).isEqualTo(9);
    assertThat(u64(da, 120)).isZero();
    assertThat(u64(da, 128)).isZero();
    assertBootstrapBlob(0x2000);
    verify(f.memory).free(new DevicePtr(0x2000));
    verify(f.memory).free(new DevicePtr(0x1000));
    assertThat(legacy.residence()).isEqualTo(RuntimeResidence.KFC_LIBRARY);
    assertThat(legacy.requiredExports())
        .containsExactly(
            "StaticTileFwkBackendKernelServer",
            "DynTileFwkBackendKernelServerInit",
            "DynTileFwkBackendKernelServer");
  }

  @Test
  @DisplayName("F1: dispatcher-upload latches the dispatcher for every runtime; legacy the runtime")
  void latches() {
    KfcLatch a = new DispatcherUploadDeployment().latch(Fixtures.IMAGE).orElseThrow();
    KfcLatch b =
        new DispatcherUploadDeployment().latch(Fixtures.image(List.of("other"), 99)).orElseThrow();
    assertThat(a.sameSoAs(b)).isTrue();
    KfcLatch legacy = new LegacyKfcDeployment().latch(Fixtures.IMAGE).orElseThrow();
    assertThat(legacy.kind()).isEqualTo(KfcLatch.Kind.RUNTIME_SO);
    assertThat(legacy.sameSoAs(a)).isFalse();
    assertThat(legacy.description()).contains(Fixtures.FP_HEX);
  }

  @Test
  void kfcDeploymentsNeedTheLaunchCall() {
    assertThat(new DispatcherUploadDeployment().refusal(Fixtures.cann("9.0.0"))).isPresent();
    assertThat(
            new DispatcherUploadDeployment()
                .refusal(Fixtures.cann("9.0.0", Capability.AICPU_KERNEL_LAUNCH_EX)))
        .isEmpty();
    assertThat(new LegacyKfcDeployment().refusal(Fixtures.cann("9.0.0"))).isPresent();
  }
}
