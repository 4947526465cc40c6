package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.DeviceBuffer;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.SessionInfo;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.mockito.InOrder;

class AicpuSessionTest {
  private static final StreamHandle STREAM = new StreamHandle(0x5);
  private static final SessionInfo INFO =
      new SessionInfo(
          2,
          "00000000000000ab",
          "build-id",
          "simpler_inner_00000000000000ab_2.so",
          "dispatcher-upload",
          "rts-json",
          "test",
          List.of("simpler_aicpu_exec", "simpler_aicpu_init"));

  private final DeviceControlPort devices = mock(DeviceControlPort.class);
  private final DeviceMemoryPort memory = mock(DeviceMemoryPort.class);
  private final StreamPort streams = mock(StreamPort.class);
  private final CannPorts ports =
      new CannPorts(
          mock(RuntimeInfoPort.class),
          devices,
          memory,
          streams,
          mock(AicpuKernelLaunchPort.class),
          mock(BinaryRegistrationPort.class),
          mock(CpuKernelLaunchPort.class));
  private final RecordingLauncher launcher = new RecordingLauncher();
  private AicpuSession session;

  @BeforeEach
  void open() {
    session = new AicpuSession(ports, 2, STREAM, TimeoutChain.FAST_FAIL);
    session.bootstrapped();
    session.registered(launcher, INFO);
    when(memory.malloc(64)).thenReturn(new DevicePtr(0x1000), new DevicePtr(0x2000));
  }

  @Test
  void launchesByDeclaredIndexAndSynchronisesWithinTheChain() {
    session.launch(new LaunchCommand("simpler_aicpu_init", ByteBuffer.allocate(32), 1));
    assertThat(launcher.calls).containsExactly("launch 1 32B x1");
    verify(streams).synchronize(STREAM, 4000);
  }

  @Test
  void anUndeclaredEntryIsRefusedWithoutADeviceCall() {
    assertThatThrownBy(
            () -> session.launchAsync(new LaunchCommand("other", ByteBuffer.allocate(8), 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'other' was not declared")
        .hasMessageContaining("simpler_aicpu_exec, simpler_aicpu_init");
    assertThat(launcher.calls).isEmpty();
  }

  @Test
  void closeReleasesStreamRegistrationAndEveryBufferOnceInReverseOrder() {
    session.allocate(64);
    session.allocate(64);
    session.close();
    session.close();
    InOrder order = inOrder(streams, memory);
    order.verify(streams).destroyStream(STREAM);
    order.verify(memory).free(new DevicePtr(0x1000));
    order.verify(memory).free(new DevicePtr(0x2000));
    verify(streams, never()).synchronize(any());
    verify(streams, never()).synchronize(any(), anyInt());
    assertThat(launcher.calls).containsExactly("release");
    assertThat(session.state()).isEqualTo(SessionState.CLOSED);
  }

  @Test
  @DisplayName("F21: an unload failure keeps the handle, reports it, and a second close retries")
  void unloadFailureKeepsTheHandle() {
    session.allocate(64);
    CannCallException unload = CannCallException.of(107017, "rtsBinaryUnload");
    launcher.releaseFailures.add(unload);
    assertThatThrownBy(session::close).isSameAs(unload);
    verify(memory).free(new DevicePtr(0x1000));
    assertThat(session.state()).isEqualTo(SessionState.REGISTERED);
    assertThatThrownBy(
            () ->
                session.launchAsync(
                    new LaunchCommand("simpler_aicpu_exec", ByteBuffer.allocate(8), 1)))
        .hasMessageContaining("closing after a failed release");
    session.close();
    assertThat(launcher.calls).containsExactly("release", "release");
    assertThat(session.state()).isEqualTo(SessionState.CLOSED);
    verify(streams).destroyStream(STREAM);
  }

  @Test
  @DisplayName("F21: a buffer whose free failed is kept and freed by the next close")
  void freeFailureKeepsTheBuffer() {
    session.allocate(64);
    doThrow(CannCallException.of(107017, "aclrtFree"))
        .doNothing()
        .when(memory)
        .free(new DevicePtr(0x1000));
    assertThatThrownBy(session::close).isInstanceOf(CannCallException.class);
    session.close();
    verify(memory, org.mockito.Mockito.times(2)).free(new DevicePtr(0x1000));
    assertThat(session.state()).isEqualTo(SessionState.CLOSED);
  }

  @Test
  @DisplayName("F20-F22: a device failure abandons the session; close then makes no device call")
  void deviceFailureAbandons() {
    session.allocate(64);
    CannCallException failure = CannCallException.of(507018, "rtsLaunchCpuKernel");
    launcher.launchFailures.add(failure);
    assertThatThrownBy(
            () ->
                session.launchAsync(
                    new LaunchCommand("simpler_aicpu_exec", ByteBuffer.allocate(8), 1)))
        .isSameAs(failure);
    assertThat(session.state()).isEqualTo(SessionState.ABANDONED);
    verify(memory).malloc(64);
    session.close();
    session.close();
    verifyNoMoreInteractions(memory, streams, devices);
    assertThat(launcher.calls).containsExactly("launch 0 8B x1", "abandon");
    assertThatThrownBy(() -> session.allocate(8))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("abandoned");
  }

  @Test
  @DisplayName("F17/F22: a sync timeout (507046) abandons the session too")
  void syncTimeoutAbandons() {
    doThrow(CannCallException.of(507046, "aclrtSynchronizeStreamWithTimeout"))
        .when(streams)
        .synchronize(STREAM, 4000);
    assertThatThrownBy(session::synchronize).isInstanceOf(CannCallException.Timeout.class);
    assertThat(session.state()).isEqualTo(SessionState.ABANDONED);
    session.close();
    verify(streams, never()).destroyStream(any());
  }

  @Test
  void aDeviceFailureDuringCloseForgetsTheRest() {
    session.allocate(64);
    doThrow(CannCallException.of(507899, "rtStreamDestroy")).when(streams).destroyStream(STREAM);
    assertThatThrownBy(session::close).isInstanceOf(CannCallException.DevicePoisoned.class);
    assertThat(session.state()).isEqualTo(SessionState.ABANDONED);
    assertThat(launcher.calls).containsExactly("abandon");
    verify(memory, never()).free(any());
  }

  @Test
  void buffersAreCheckedForOwnershipAndBounds() {
    DeviceBuffer mine = session.allocate(64);
    assertThatThrownBy(() -> session.write(new DeviceBuffer(0x9000, 64), 0, ByteBuffer.allocate(1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("does not belong");
    assertThatThrownBy(() -> session.write(mine, 60, ByteBuffer.allocate(8)))
        .hasMessageContaining("outside the 64-byte device buffer");
    session.write(mine, 56, ByteBuffer.allocate(8));
    verify(memory).copyToDevice(new DevicePtr(0x1000 + 56), ByteBuffer.allocate(8));
    ByteBuffer read = session.read(mine, 8, 16);
    assertThat(read.remaining()).isEqualTo(16);
    session.free(mine);
    assertThatThrownBy(() -> session.free(mine)).hasMessageContaining("does not belong");
  }

  @Test
  @DisplayName("F25: a second thread is attached to the device before its first call")
  void otherThreadsAreAttached() throws Exception {
    verifyNoInteractions(devices);
    Thread t = new Thread(() -> session.allocate(64));
    t.start();
    t.join();
    verify(devices).setDevice(2);
    session.allocate(64);
    verify(devices).setDevice(2); // this thread was attached when the session opened
  }

  @Test
  @DisplayName("F25: a thread that attached to another device since is attached back")
  void aThreadIsAttachedBackAfterAnotherDevicesSession() {
    AicpuSession other = new AicpuSession(ports, 3, new StreamHandle(0x6), TimeoutChain.FAST_FAIL);
    session.allocate(64);
    verify(devices).setDevice(2);
    session.allocate(64);
    verify(devices).setDevice(2);
    other.close();
  }
}
