package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import io.github.aicpulaunch.domain.descriptor.JsonDescriptor;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * The registration probe against a mocked registration port: what it registers, what counts as the
 * loader refusing (a verdict) and what is a failure (thrown), and that it leaves no file.
 */
class RegistrationProbeTest {
  private static final BinaryHandle BIN = new BinaryHandle(0xb1);
  private static final String OP = RegistrationProbe.ENTRY + "_00000070726f6265";

  @TempDir Path dir;

  private final BinaryRegistrationPort binaries = mock(BinaryRegistrationPort.class);
  private final CpuKernelLaunchPort cpuKernels = mock(CpuKernelLaunchPort.class);
  private final AicpuKernelLaunchPort aicpu = mock(AicpuKernelLaunchPort.class);
  private final List<String> descriptorsSeen = new ArrayList<>();
  private DescriptorDirectory descriptors;
  private RegistrationProbe probe;

  @BeforeEach
  void wire() throws Exception {
    descriptors = DescriptorDirectory.createUnder(dir);
    CannPorts ports =
        new CannPorts(
            mock(RuntimeInfoPort.class),
            mock(DeviceControlPort.class),
            mock(DeviceMemoryPort.class),
            mock(StreamPort.class),
            aicpu,
            binaries,
            cpuKernels);
    probe = new RegistrationProbe(ports, descriptors);
    when(binaries.loadBinaryFromFile(any(), any()))
        .thenAnswer(
            inv -> {
              descriptorsSeen.add(Files.readString(inv.<Path>getArgument(0)));
              return BIN;
            });
  }

  @AfterEach
  void close() {
    descriptors.close();
  }

  private void assertNoFileLeft() throws Exception {
    try (Stream<Path> files = Files.list(descriptors.directory())) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  @DisplayName("load with cpuKernelMode 0, resolve, unload: accepted; nothing launched or left")
  void aWorkingLoaderIsAccepted() throws Exception {
    when(binaries.functionByName(BIN, OP)).thenReturn(new FunctionHandle(0xf1));

    JsonLoaderVerdict v = probe.probe(3);

    assertThat(v).isEqualTo(JsonLoaderVerdict.accepted(3));
    InOrder order = inOrder(binaries);
    order.verify(binaries).loadBinaryFromFile(any(), any(LoadOptions.class));
    order.verify(binaries).functionByName(BIN, OP);
    order.verify(binaries).unloadBinary(BIN);
    verify(binaries)
        .loadBinaryFromFile(
            any(),
            org.mockito.ArgumentMatchers.eq(LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY)));
    assertThat(descriptorsSeen.get(0))
        .isEqualTo(
            JsonDescriptor.render(
                List.of(RegistrationProbe.ENTRY),
                RegistrationProbe.FINGERPRINT,
                RegistrationProbe.KERNEL_SO));
    assertThat(descriptorsSeen.get(0))
        .contains("\"opKernelLib\": \"AICPUKernel\"")
        .contains("\"userDefined\": \"False\"");
    verifyNoInteractions(aicpu, cpuKernels);
    assertNoFileLeft();
  }

  @Test
  @DisplayName("107000 from rtsBinaryLoadFromFile is the loader refusing: a verdict, not a throw")
  void aLoadThatAnswers107000IsARefusal() throws Exception {
    doThrow(CannCallException.of(107000, "rtsBinaryLoadFromFile"))
        .when(binaries)
        .loadBinaryFromFile(any(), any());

    JsonLoaderVerdict v = probe.probe(0);

    assertThat(v.accepted()).isFalse();
    assertThat(v.code()).isEqualTo(107000);
    assertThat(v.function()).isEqualTo("rtsBinaryLoadFromFile");
    assertThat(v.describe())
        .isEqualTo(
            "the rts JSON loader answered 107000 (ACL_ERROR_RT_PARAM_INVALID) from"
                + " rtsBinaryLoadFromFile to the registration probe on physical device 0");
    verify(binaries, never()).unloadBinary(any());
    assertNoFileLeft();
  }

  @Test
  @DisplayName("107000 from rtsFuncGetByName: refused, and the binary is unloaded")
  void aLookupThatAnswers107000IsARefusalAndUnloads() throws Exception {
    when(binaries.functionByName(BIN, OP))
        .thenThrow(CannCallException.of(107000, "rtsFuncGetByName"));

    JsonLoaderVerdict v = probe.probe(1);

    assertThat(v)
        .isEqualTo(
            JsonLoaderVerdict.refused(1, 107000, "rtsFuncGetByName", "ACL_ERROR_RT_PARAM_INVALID"));
    verify(binaries).unloadBinary(BIN);
    assertNoFileLeft();
  }

  @Test
  @DisplayName("a device failure is not a verdict: it is thrown with CANN's code")
  void aDeviceFailureIsThrown() throws Exception {
    CannCallException poisoned = CannCallException.of(507899, "rtsBinaryLoadFromFile");
    doThrow(poisoned).when(binaries).loadBinaryFromFile(any(), any());

    assertThatThrownBy(() -> probe.probe(0)).isSameAs(poisoned);
    assertNoFileLeft();
  }
}
