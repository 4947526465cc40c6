package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.Phase;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * PROTOCOL §8 at the backend's close: reset each device at its last user's close, and only then.
 */
class BackendLifecycleTest {
  private final DeviceControlPort devices = mock(DeviceControlPort.class);
  private final CannPorts ports =
      new CannPorts(
          mock(RuntimeInfoPort.class),
          devices,
          mock(DeviceMemoryPort.class),
          mock(StreamPort.class),
          mock(AicpuKernelLaunchPort.class),
          mock(BinaryRegistrationPort.class),
          mock(CpuKernelLaunchPort.class));
  private final BootstrapRegistry registry = new BootstrapRegistry();
  private final DeviceUsers users = new DeviceUsers();

  private BackendLifecycle backend() {
    return new BackendLifecycle(ports, registry, users);
  }

  private void deployOn(int physical) {
    registry.ensureDeployed(
        new BootstrapRegistry.Key(0xabL, physical),
        RuntimeResidence.PREINSTALL_DIRECTORY,
        Optional.empty(),
        () -> {});
  }

  @Test
  @DisplayName("a device is reset when its last user closes, and the registry forgets it")
  void resetAtTheLastClose() {
    BackendLifecycle a = backend();
    BackendLifecycle b = backend();
    a.attached(0, 0);
    a.attached(1, 2);
    b.attached(0, 0);
    deployOn(0);
    deployOn(2);

    a.close();
    verify(devices).resetDevice(1);
    verify(devices, never()).resetDevice(0);
    assertThat(registry.isDeployed(new BootstrapRegistry.Key(0xabL, 2))).isFalse();
    assertThat(registry.isDeployed(new BootstrapRegistry.Key(0xabL, 0))).isTrue();

    b.close();
    verify(devices).resetDevice(0);
    assertThat(registry.isDeployed(new BootstrapRegistry.Key(0xabL, 0))).isFalse();
    b.close();
    a.close();
    verify(devices).resetDevice(0);
  }

  @Test
  @DisplayName("F22/507007: a failed device and a force-released context are not reset at close")
  void failedAndForceResetDevicesAreNotReset() {
    BackendLifecycle a = backend();
    a.attached(0, 0);
    a.attached(1, 1);
    a.failed(0);
    a.forceReset(1);
    a.close();
    verifyNoInteractions(devices);

    BackendLifecycle b = backend();
    b.attached(3, 3);
    b.failed(3);
    b.forceReset(3); // recovered: healthy, context released
    b.attached(3, 3); // a new session attached again
    b.close();
    verify(devices).resetDevice(3);
  }

  @Test
  void aFailedResetNamesItsPhaseAndTheOthersAreStillReset() {
    BackendLifecycle a = backend();
    a.attached(0, 0);
    a.attached(1, 1);
    CannCallException failure = CannCallException.of(507899, "aclrtResetDevice");
    doThrow(failure).when(devices).resetDevice(0);
    assertThatThrownBy(a::close).isSameAs(failure);
    assertThat(failure.phase()).contains(Phase.RESET);
    verify(devices).resetDevice(1);
  }
}
