package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DeviceRecoveryTest {
  private final RuntimeInfoPort runtime = mock(RuntimeInfoPort.class);
  private final DeviceControlPort devices = mock(DeviceControlPort.class);
  private final CannPorts ports =
      new CannPorts(
          runtime,
          devices,
          mock(DeviceMemoryPort.class),
          mock(StreamPort.class),
          mock(AicpuKernelLaunchPort.class),
          mock(BinaryRegistrationPort.class),
          mock(CpuKernelLaunchPort.class));
  private final BootstrapRegistry registry = new BootstrapRegistry();
  private final BootstrapRegistry.Key onPhysical3 = new BootstrapRegistry.Key(0x77L, 3);
  private final BootstrapRegistry.Key onPhysical0 = new BootstrapRegistry.Key(0x77L, 0);

  @BeforeEach
  void deployed() {
    // logical 0 is physical 3 (ASCEND_RT_VISIBLE_DEVICES=3,...): the registry is keyed physically
    when(runtime.physicalDeviceId(0)).thenReturn(OptionalInt.of(3));
    registry.ensureDeployed(
        onPhysical3, RuntimeResidence.PREINSTALL_DIRECTORY, Optional.empty(), () -> {});
    registry.ensureDeployed(
        onPhysical0, RuntimeResidence.PREINSTALL_DIRECTORY, Optional.empty(), () -> {});
  }

  @Test
  @DisplayName("F17: a force reset of the logical device, then its physical deployments are gone")
  void forceResetForgetsThePhysicalDevice() {
    new DeviceRecovery(ports, registry, new BackendLifecycle(ports, registry, new DeviceUsers()))
        .forceReset(0);

    verify(devices).resetDeviceForce(0);
    verifyNoMoreInteractions(devices);
    assertThat(registry.isDeployed(onPhysical3)).isFalse();
    assertThat(registry.isDeployed(onPhysical0)).as("another device's deployment").isTrue();
  }

  @Test
  @DisplayName("F21: a failed force reset is thrown, nothing else is tried, deployments forgotten")
  void failedResetIsTerminal() {
    CannCallException failure = CannCallException.of(507899, "aclrtResetDeviceForce", "dead");
    doThrow(failure).when(devices).resetDeviceForce(0);

    assertThatThrownBy(
            () ->
                new DeviceRecovery(
                        ports, registry, new BackendLifecycle(ports, registry, new DeviceUsers()))
                    .forceReset(0))
        .isSameAs(failure);

    verify(devices).resetDeviceForce(0);
    verifyNoMoreInteractions(devices);
    assertThat(registry.isDeployed(onPhysical3)).isFalse();
  }
}
