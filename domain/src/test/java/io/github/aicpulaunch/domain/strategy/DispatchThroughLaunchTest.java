package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.DispatchThroughRefusedException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

/**
 * Bytes checked against docs/ABI.md "Dispatch-through request" (the 96-byte {@code struct
 * aicpu_dispatch_request} of {@code aicpu_abi.h}, the DSP1 slot at DeviceArgs 136..159) and
 * PROTOCOL §2.1, §3.2.
 */
class DispatchThroughLaunchTest {
  private final Fixtures f = Fixtures.create();
  private final Map<Long, Long> sizes = new LinkedHashMap<>();
  private final List<Object[]> copies = new ArrayList<>();
  private final List<byte[]> blobs = new ArrayList<>();

  @BeforeEach
  void stub() {
    AtomicLong next = new AtomicLong(0x10000);
    when(f.memory.malloc(anyLong()))
        .thenAnswer(
            inv -> {
              long a = next.getAndAdd(0x20000);
              sizes.put(a, inv.getArgument(0));
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
              blobs.add(Fixtures.bytes(a.args()));
              return null;
            })
        .when(f.aicpu)
        .launchAicpuKernel(any(), any(), anyInt(), any(), any());
  }

  /**
   * Prepares a launcher and forgets the handshake's copy, launch and stream wait (checked by {@link
   * #handshake}), so the other tests see the launches alone.
   */
  private TaskLauncher prepare() {
    TaskLauncher launcher =
        new DispatchThroughLaunch().prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json")));
    copies.remove(copies.size() - 1);
    blobs.remove(blobs.size() - 1);
    clearInvocations(f.streams, f.aicpu);
    return launcher;
  }

  @Test
  @DisplayName(
      "opening sends one ping (first entry, flag PING, one block), waits, and reads the ack word")
  void handshake() {
    new DispatchThroughLaunch().prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json")));
    long slot0 = addressOfSize(SLOT, 0);
    byte[] ping = (byte[]) copies.get(copies.size() - 1)[1];
    assertThat(copies.get(copies.size() - 1)[0]).isEqualTo(slot0);
    assertThat(ping).hasSize(96 + 1);
    assertThat(le(ping).getLong(0)).isEqualTo(Fixtures.FP);
    assertThat(le(ping).getInt(24)).isEqualTo(1); // AICPU_DISPATCH_FLAG_PING
    assertThat(le(ping).getInt(28)).isZero(); // the dispatcher answers here
    assertThat(cString(ping, 32)).isEqualTo("simpler_aicpu_exec");
    assertThat(le(blobs.get(0)).getLong(40)).isEqualTo(addressOfSize(160, 0));
    InOrder order = inOrder(f.aicpu, f.streams, f.memory);
    order
        .verify(f.aicpu)
        .launchAicpuKernel(any(), any(), org.mockito.ArgumentMatchers.eq(1), any(), any());
    order.verify(f.streams).synchronize(Fixtures.STREAM, 4000);
    order
        .verify(f.memory)
        .copyFromDevice(any(), org.mockito.ArgumentMatchers.eq(new DevicePtr(slot0 + 28)));
  }

  @Test
  @DisplayName(
      "a dispatcher that does not answer (upstream's stub) is refused at open, nothing leaks")
  void unansweredHandshakeIsRefused() {
    doAnswer(inv -> null).when(f.memory).copyFromDevice(any(), any());
    assertThatThrownBy(
            () ->
                new DispatchThroughLaunch()
                    .prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json"))))
        .isInstanceOf(DispatchThroughRefusedException.class)
        .hasMessageContaining("did not answer the handshake")
        .hasMessageContaining("not this project's dispatcher")
        .hasMessageContaining("rts-json or direct-aicpu")
        .satisfies(
            e -> assertThat(((DispatchThroughRefusedException) e).dispatcherCode()).isEmpty());
    verify(f.memory, times(sizes.size())).free(any());
  }

  @Test
  @DisplayName("a refusal in the ack word prints by name (AICPU_E_RUNTIME_OPEN), with its hint")
  void refusedHandshakeNamesTheCode() {
    doAnswer(
            inv -> {
              ByteBuffer dst = inv.getArgument(0);
              dst.order(ByteOrder.LITTLE_ENDIAN).putInt(dst.position(), 0x44530013);
              return null;
            })
        .when(f.memory)
        .copyFromDevice(any(), any());
    doThrow(CannCallException.of(507018, "aclrtSynchronizeStreamWithTimeout"))
        .when(f.streams)
        .synchronize(any(), anyInt());
    assertThatThrownBy(
            () ->
                new DispatchThroughLaunch()
                    .prepare(f.launchContext(Fixtures.IMAGE, Path.of("/x.json"))))
        .isInstanceOf(DispatchThroughRefusedException.class)
        .hasMessageContaining("AICPU_E_RUNTIME_OPEN (0x44530013)")
        .hasCauseInstanceOf(CannCallException.class)
        .satisfies(
            e -> assertThat(((DispatchThroughRefusedException) e).hint()).contains("dlerror()"));
    verify(f.memory, times(sizes.size())).free(any());
  }

  private static ByteBuffer le(byte[] b) {
    return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
  }

  private long addressOfSize(long size, int nth) {
    return sizes.entrySet().stream()
        .filter(e -> e.getValue() == size)
        .skip(nth)
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  private static String cString(byte[] b, int off) {
    int end = off;
    while (b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, java.nio.charset.StandardCharsets.US_ASCII);
  }

  /** A slot: the 96-byte request, then room for the largest payload (65536 bytes). */
  private static final long SLOT = 96 + 65536;

  @Test
  @DisplayName("each slot's DeviceArgs carries device_id and the DSP1 request slot at 136..159")
  void slotsAreUploadedOnce() {
    prepare();
    assertThat(sizes.values()).filteredOn(s -> s == 160).hasSize(DispatchThroughLauncher.SLOTS);
    assertThat(sizes.values()).filteredOn(s -> s == SLOT).hasSize(DispatchThroughLauncher.SLOTS);
    assertThat(sizes).hasSize(2 * DispatchThroughLauncher.SLOTS);
    long request0 = addressOfSize(SLOT, 0);
    byte[] da = (byte[]) copies.get(0)[1];
    assertThat(da).hasSize(160);
    for (int i = 0; i < 136; i++) {
      if (i < 112 || i >= 120) {
        assertThat(da[i]).as("byte %d", i).isZero();
      }
    }
    assertThat(le(da).getLong(112)).isEqualTo(9);
    assertThat(Arrays.copyOfRange(da, 136, 140)).isEqualTo(Fixtures.ascii("DSP1"));
    assertThat(le(da).getInt(140)).isEqualTo(96);
    assertThat(le(da).getLong(144)).isEqualTo(request0);
    assertThat(le(da).getLong(152)).isZero();
  }

  @Test
  @DisplayName(
      "a launch copies request and payload into a slot with one copy and KFC-launches the server")
  void launchBytes() {
    TaskLauncher launcher = prepare();
    copies.clear();
    ByteBuffer payload = ByteBuffer.wrap(new byte[] {9, 8, 7, 6, 5, 4, 3, 2, 1, 0});
    payload.position(2);
    launcher.launch(1, payload, 2);
    assertThat(payload.position()).isEqualTo(2);
    assertThat(payload.limit()).isEqualTo(10);

    long slot0 = addressOfSize(SLOT, 0);
    long deviceArgs0 = addressOfSize(160, 0);
    assertThat(copies).hasSize(1);
    assertThat(copies.get(0)[0]).isEqualTo(slot0);
    byte[] copied = (byte[]) copies.get(0)[1];
    assertThat(copied).hasSize(96 + 8);
    byte[] request = Arrays.copyOfRange(copied, 0, 96);
    assertThat(le(request).getLong(0)).isEqualTo(Fixtures.FP);
    // The payload sits right behind the 96-byte request in the same slot.
    assertThat(le(request).getLong(8)).isEqualTo(slot0 + 96);
    assertThat(le(request).getLong(16)).isEqualTo(8);
    assertThat(le(request).getLong(24)).isZero();
    assertThat(cString(request, 32)).isEqualTo("simpler_aicpu_init");
    assertThat(Arrays.copyOfRange(copied, 96, 104)).containsExactly(7, 6, 5, 4, 3, 2, 1, 0);

    byte[] blob = blobs.get(0);
    assertThat(blob).hasSize(304);
    assertThat(le(blob).getLong(40)).isEqualTo(deviceArgs0);
    assertThat(cString(blob, 208)).isEqualTo("DynTileFwkKernelServer");
    assertThat(cString(blob, 240)).isEqualTo("libaicpu_extend_kernels.so");
    assertThat(blob[272]).isZero();
    verify(f.aicpu)
        .launchAicpuKernel(any(), any(), org.mockito.ArgumentMatchers.eq(2), any(), any());
  }

  @Test
  @DisplayName("every launch makes exactly one host-to-device copy, into its own slot")
  void oneCopyPerLaunch() {
    TaskLauncher launcher = prepare();
    copies.clear();
    clearInvocations(f.memory);
    int launches = 2 * DispatchThroughLauncher.SLOTS + 1;
    for (int i = 0; i < launches; i++) {
      byte[] bytes = new byte[1 + 13 * i];
      Arrays.fill(bytes, (byte) (i + 1));
      launcher.launch(i % 2, ByteBuffer.wrap(bytes), 1);
    }
    verify(f.memory, times(launches)).copyToDevice(any(), any());
    verify(f.memory, never()).malloc(anyLong());
    for (int i = 0; i < launches; i++) {
      long slot = addressOfSize(SLOT, i % DispatchThroughLauncher.SLOTS);
      byte[] copied = (byte[]) copies.get(i)[1];
      assertThat(copies.get(i)[0]).as("launch %d", i).isEqualTo(slot);
      assertThat(copied).as("launch %d", i).hasSize(96 + 1 + 13 * i);
      assertThat(le(copied).getLong(8)).isEqualTo(slot + 96);
      assertThat(le(copied).getLong(16)).isEqualTo(1 + 13 * i);
      assertThat(cString(copied, 32))
          .isEqualTo(i % 2 == 0 ? "simpler_aicpu_exec" : "simpler_aicpu_init");
      for (int b = 96; b < copied.length; b++) {
        assertThat(copied[b]).as("launch %d byte %d", i, b).isEqualTo((byte) (i + 1));
      }
    }
  }

  @Test
  @DisplayName("a payload of 65536 bytes fills the slot; 65537 bytes and empty ones are refused")
  void payloadBounds() {
    TaskLauncher launcher = prepare();
    copies.clear();
    byte[] largest = new byte[65536];
    Arrays.fill(largest, (byte) 0x5A);
    launcher.launch(0, ByteBuffer.wrap(largest), 1);
    byte[] copied = (byte[]) copies.get(0)[1];
    assertThat(copied).hasSize((int) SLOT);
    assertThat(le(copied).getLong(16)).isEqualTo(65536);
    assertThat(Arrays.copyOfRange(copied, 96, copied.length)).isEqualTo(largest);

    copies.clear();
    clearInvocations(f.memory, f.aicpu);
    assertThatThrownBy(() -> launcher.launch(0, ByteBuffer.allocate(65537), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("payloadLen must be 1..65536, was 65537");
    assertThatThrownBy(() -> launcher.launch(0, ByteBuffer.allocate(0), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("was 0");
    verify(f.memory, never()).copyToDevice(any(), any());
    verify(f.aicpu, never()).launchAicpuKernel(any(), any(), anyInt(), any(), any());

    // Nothing partial stays behind: the next launch is whole.
    launcher.launch(1, ByteBuffer.wrap(new byte[] {1, 2, 3}), 1);
    byte[] next = (byte[]) copies.get(0)[1];
    assertThat(next).hasSize(99);
    assertThat(le(next).getLong(16)).isEqualTo(3);
    assertThat(cString(next, 32)).isEqualTo("simpler_aicpu_init");
    assertThat(Arrays.copyOfRange(next, 96, 99)).containsExactly(1, 2, 3);
  }

  @Test
  @DisplayName("the ring waits for the stream before it reuses a slot")
  void ringSynchronisesOnWrap() {
    TaskLauncher launcher = prepare();
    for (int i = 0; i < DispatchThroughLauncher.SLOTS; i++) {
      launcher.launch(0, ByteBuffer.allocate(4), 1);
    }
    verify(f.streams, never()).synchronize(any(), anyInt());
    launcher.launch(0, ByteBuffer.allocate(4), 1);
    verify(f.streams, times(1)).synchronize(Fixtures.STREAM, 4000);
    assertThat(le(blobs.get(4)).getLong(40)).isEqualTo(le(blobs.get(0)).getLong(40));
    assertThat(le(blobs.get(1)).getLong(40)).isNotEqualTo(le(blobs.get(0)).getLong(40));
  }

  @Test
  void releaseFreesEverySlotInReverseAndAbandonFreesNothing() {
    TaskLauncher launcher = prepare();
    List<Long> allocated = new ArrayList<>(sizes.keySet());
    launcher.release();
    InOrder order = inOrder(f.memory);
    for (int i = allocated.size() - 1; i >= 0; i--) {
      order.verify(f.memory).free(new DevicePtr(allocated.get(i)));
    }
    launcher.release();
    verify(f.memory, times(allocated.size())).free(any());

    Fixtures g = Fixtures.create();
    when(g.memory.malloc(anyLong())).thenReturn(new DevicePtr(0x1000));
    TaskLauncher other =
        new DispatchThroughLaunch().prepare(g.launchContext(Fixtures.IMAGE, Path.of("/x.json")));
    other.abandon();
    other.release();
    verify(g.memory, never()).free(any());
  }

  @Test
  void aFailedPrepareFreesWhatItAllocated() {
    CannCallException oom = CannCallException.of(207001, "aclrtMalloc");
    when(f.memory.malloc(anyLong()))
        .thenReturn(new DevicePtr(0x1000), new DevicePtr(0x2000), new DevicePtr(0x3000))
        .thenThrow(oom);
    assertThatThrownBy(this::prepare).isSameAs(oom);
    InOrder order = inOrder(f.memory);
    order.verify(f.memory).free(new DevicePtr(0x3000));
    order.verify(f.memory).free(new DevicePtr(0x2000));
    order.verify(f.memory).free(new DevicePtr(0x1000));
  }

  @Test
  void needsTheDispatcherUploadDeployment() {
    DispatchThroughLaunch d = new DispatchThroughLaunch();
    assertThat(
            d.refusal(Fixtures.allCapabilities(), Fixtures.residing(RuntimeResidence.KFC_LIBRARY)))
        .hasValueSatisfying(r -> assertThat(r).contains("dispatcher-upload"));
    assertThat(d.refusal(Fixtures.allCapabilities(), new DispatcherUploadDeployment())).isEmpty();
  }
}
