package io.github.aicpulaunch.ports.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueTypesTest {

  @Test
  void kernelTypesCarryCannsNumericValues() {
    // rtKernelType_t, PROTOCOL §2.7
    assertThat(KernelType.CCE.value()).isZero();
    assertThat(KernelType.FWK.value()).isEqualTo(1);
    assertThat(KernelType.AICPU.value()).isEqualTo(2);
    assertThat(KernelType.AICPU_CUSTOM.value()).isEqualTo(4);
    assertThat(KernelType.AICPU_KFC.value()).isEqualTo(5);
    assertThat(KernelType.CUSTOM_KFC.value()).isEqualTo(6);
    assertThat(KernelType.HWTS.value()).isEqualTo(10);
    assertThat(KernelType.RESERVED.value()).isEqualTo(99);
    assertThat(KernelType.of(5)).isEqualTo(KernelType.AICPU_KFC);
    assertThatThrownBy(() -> KernelType.of(3)).hasMessageContaining("3");
  }

  @Test
  void cpuKernelModesAndLoadOptions() {
    assertThat(LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY).options())
        .containsExactly(new LoadOptions.Option(3, 0));
    assertThat(CpuKernelMode.SO_AND_JSON.value()).isEqualTo(1);
    assertThat(CpuKernelMode.LOAD_FROM_DATA.value()).isEqualTo(2);
  }

  @Test
  void nullHandlesAndPointersAreRefused() {
    assertThatThrownBy(() -> new DevicePtr(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new StreamHandle(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new BinaryHandle(0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new FunctionHandle(0)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new DevicePtr(0x1000).plus(0x20)).isEqualTo(new DevicePtr(0x1020));
    assertThat(new DevicePtr(-1L).toString()).isEqualTo("DevicePtr[0xffffffffffffffff]");
  }

  @Test
  void handlesAreEqualExactlyWhenTheirRawBitsAre() {
    // equals and hashCode are written out (issue 18): the meaning of a record's generated ones.
    assertThat(new FunctionHandle(0x10)).isEqualTo(new FunctionHandle(0x10));
    assertThat(new FunctionHandle(0x10)).hasSameHashCodeAs(new FunctionHandle(0x10));
    assertThat(new FunctionHandle(0x10)).isNotEqualTo(new FunctionHandle(0x11));
    assertThat(new FunctionHandle(0x10)).isNotEqualTo(new StreamHandle(0x10));
    assertThat(new StreamHandle(-1L)).isEqualTo(new StreamHandle(-1L));
    assertThat(new StreamHandle(-1L)).hasSameHashCodeAs(new StreamHandle(-1L));
    assertThat(new StreamHandle(-1L)).isNotEqualTo(new StreamHandle(1L));
  }

  @Test
  void aicpuArgsOffsetsMustLieInsideTheBlob() {
    ByteBuffer blob = ByteBuffer.allocate(304);
    AicpuArgs ok = new AicpuArgs(blob, 240, 208);
    assertThat(ok.size()).isEqualTo(304);
    assertThat(new AicpuArgs(blob, AicpuArgs.NO_NAME, AicpuArgs.NO_NAME).size()).isEqualTo(304);
    assertThatThrownBy(() -> new AicpuArgs(blob, 304, 208))
        .hasMessageContaining("soNameOffset 304")
        .hasMessageContaining("304-byte");
    assertThatThrownBy(() -> new AicpuArgs(ByteBuffer.allocate(0), 0, 0))
        .hasMessageContaining("empty");
  }

  @Test
  void launchAttributesAreCannIds() {
    assertThat(LaunchConfig.none().attributes()).isEmpty();
    assertThat(new LaunchConfig.Attribute(LaunchConfig.ATTR_TIMEOUT, 30).id()).isEqualTo(7);
    assertThatThrownBy(() -> new LaunchConfig.Attribute(9, 0)).hasMessageContaining("1..8");
  }

  @ParameterizedTest
  @CsvSource({
    "8.5.0, 8, 5, 0",
    "9.0.0, 9, 0, 0",
    "9.1, 9, 1, 0",
    "9.1.T500, 9, 1, 500",
    "8.0.RC1, 8, 0, 1",
  })
  void parsesCannVersions(String text, int major, int minor, int patch) {
    CannVersion v = CannVersion.parse(text);
    assertThat(v.major()).isEqualTo(major);
    assertThat(v.minor()).isEqualTo(minor);
    assertThat(v.patch()).isEqualTo(patch);
    assertThat(v.toString()).isEqualTo(text);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "nine", "9", "9.x.0"})
  void refusesTextThatIsNoVersion(String text) {
    assertThatThrownBy(() -> CannVersion.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void versionsOrder() {
    assertThat(CannVersion.parse("8.5.0").atLeast(8, 5)).isTrue();
    assertThat(CannVersion.parse("8.3.0").atLeast(8, 5)).isFalse();
    assertThat(CannVersion.parse("9.1.T500")).isGreaterThan(CannVersion.parse("9.0.0"));
  }

  @Test
  void elfMachinesOfDeviceArchitectures() {
    assertThat(DeviceArch.AARCH64.elfMachine()).isEqualTo(183);
    assertThat(DeviceArch.X86_64.elfMachine()).isEqualTo(62);
  }
}
