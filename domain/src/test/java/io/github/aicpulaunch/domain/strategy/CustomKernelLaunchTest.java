package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.domain.elf.ElfImageBuilder;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/**
 * PROTOCOL §4 (cpuKernelMode 1 reads {@code <stem>.so}; {@code AICPUKernel} with {@code
 * userDefined} "True" is kernel type 4) and §7.5, call for call, against mocked ports.
 */
class CustomKernelLaunchTest {
  private static final BinaryHandle BIN = new BinaryHandle(0xb4);
  private static final FunctionHandle EXEC = new FunctionHandle(0xf4);
  private static final FunctionHandle INIT = new FunctionHandle(0xf5);
  private static final byte[] BUILD_ID = {
    0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
    0x20, 0x21, 0x22, 0x23
  };
  private static final String FP = "1716151413121110";

  @TempDir Path dir;
  private final Fixtures f = Fixtures.create();
  private final List<String> descriptorsSeen = new ArrayList<>();
  private final List<byte[]> sosSeen = new ArrayList<>();
  private byte[] soBytes;
  private RuntimeImage image;
  private Path json;
  private Path beside;

  @BeforeEach
  void stub() throws Exception {
    soBytes =
        new ElfImageBuilder()
            .machine(183)
            .type(3)
            .buildId(BUILD_ID)
            .function("simpler_aicpu_exec")
            .function("simpler_aicpu_init")
            .build()
            .bytes();
    Path so = dir.resolve("libaicpu_kernel.so");
    Files.write(so, soBytes);
    Fingerprint fp = Fingerprints.of(soBytes);
    assertThat(fp.hex()).isEqualTo(FP);
    image = image(so, fp.value());
    Path descriptors = Files.createDirectory(dir.resolve("descriptors"));
    json = descriptors.resolve("op_" + FP + "_9_1.json");
    beside = descriptors.resolve("op_" + FP + "_9_1.so");
    when(f.binaries.loadBinaryFromFile(any(), any()))
        .thenAnswer(
            inv -> {
              descriptorsSeen.add(Files.readString(inv.getArgument(0)));
              sosSeen.add(Files.readAllBytes(beside));
              return BIN;
            });
    when(f.binaries.functionByName(BIN, "simpler_aicpu_exec_" + FP)).thenReturn(EXEC);
    when(f.binaries.functionByName(BIN, "simpler_aicpu_init_" + FP)).thenReturn(INIT);
  }

  private static RuntimeImage image(Path so, long fp) {
    String hex = String.format("%016x", fp);
    return new RuntimeImage(
        so,
        fp,
        hex,
        RuntimeImage.SOURCE_BUILD_ID,
        "simpler_inner_" + hex + "_9.so",
        Stream.of("simpler_aicpu_exec", "simpler_aicpu_init")
            .map(s -> new EntryPoint(s, s + "_" + hex))
            .toList(),
        1000,
        183);
  }

  private TaskLauncher prepare() {
    return new CustomKernelLaunch().prepare(f.launchContext(image, json));
  }

  private List<Path> filesLeft() throws Exception {
    try (Stream<Path> files = Files.list(json.getParent())) {
      return files.toList();
    }
  }

  @Test
  @DisplayName("§4: JSON + <stem>.so, load in cpuKernelMode 1, resolve every entry in order")
  void registersInModeOne() throws Exception {
    prepare();
    InOrder order = inOrder(f.binaries);
    order
        .verify(f.binaries)
        .loadBinaryFromFile(
            json, new LoadOptions(List.of(new LoadOptions.Option(3 /* CPU_KERNEL_MODE */, 1))));
    order.verify(f.binaries).functionByName(BIN, "simpler_aicpu_exec_" + FP);
    order.verify(f.binaries).functionByName(BIN, "simpler_aicpu_init_" + FP);
    order.verifyNoMoreInteractions();
    verifyNoInteractions(f.memory, f.aicpu, f.cpuKernels);

    assertThat(sosSeen.get(0)).as("<stem>.so is the runtime SO, byte for byte").isEqualTo(soBytes);
    JsonObject root = JsonParser.parseString(descriptorsSeen.get(0)).getAsJsonObject();
    assertThat(root.keySet())
        .containsExactly("simpler_aicpu_exec_" + FP, "simpler_aicpu_init_" + FP);
    for (String entry : List.of("simpler_aicpu_exec", "simpler_aicpu_init")) {
      JsonObject info = root.getAsJsonObject(entry + "_" + FP).getAsJsonObject("opInfo");
      assertThat(info.get("functionName").getAsString()).isEqualTo(entry);
      assertThat(info.get("kernelSo").getAsString()).isEqualTo("simpler_inner_" + FP + "_9.so");
      assertThat(info.get("opKernelLib").getAsString()).isEqualTo("AICPUKernel");
      assertThat(info.get("userDefined").getAsString()).as("type 4, not 2").isEqualTo("True");
    }
    assertThat(filesLeft()).containsExactlyInAnyOrder(json, beside);
  }

  @Test
  void launchesOnCachedHandlesAndReleaseRemovesBothFiles() throws Exception {
    TaskLauncher launcher = prepare();
    ByteBuffer payload = ByteBuffer.allocate(32);
    launcher.launch(0, payload, 6);
    verify(f.cpuKernels).launchCpuKernel(EXEC, 6, Fixtures.STREAM, LaunchConfig.none(), payload);
    launcher.release();
    verify(f.binaries).unloadBinary(BIN);
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  @DisplayName("F9: a missing entry unloads, deletes JSON and SO and names the entry")
  void aMissUndoesEverything() throws Exception {
    CannCallException miss = CannCallException.of(107000, "rtsFuncGetByName");
    doThrow(miss).when(f.binaries).functionByName(BIN, "simpler_aicpu_init_" + FP);
    assertThatThrownBy(this::prepare)
        .isSameAs(miss)
        .hasMessageContaining("'simpler_aicpu_init'")
        .hasMessageContaining("F9");
    verify(f.binaries).unloadBinary(BIN);
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  @DisplayName("F7: a load failure deletes JSON and SO and keeps CANN's code")
  void aLoadFailureDeletesBothFiles() throws Exception {
    CannCallException refused = CannCallException.of(107000, "rtsBinaryLoadFromFile");
    doThrow(refused).when(f.binaries).loadBinaryFromFile(any(), any());
    assertThatThrownBy(this::prepare).isSameAs(refused);
    assertThat(filesLeft()).isEmpty();
    verify(f.binaries, never()).unloadBinary(any());
  }

  @Test
  @DisplayName("a runtime SO rebuilt since the open is refused before any CANN call")
  void aRebuiltSoIsRefused() throws Exception {
    image = image(image.path(), 0x0123456789abcdefL);
    assertThatThrownBy(this::prepare)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("changed since the session validated it")
        .hasMessageContaining("0123456789abcdef")
        .hasMessageContaining(FP);
    assertThat(filesLeft()).isEmpty();
    verifyNoInteractions(f.binaries);
  }

  @Test
  void abandonForgetsTheHandleAndRemovesBothFiles() throws Exception {
    TaskLauncher launcher = prepare();
    launcher.abandon();
    verify(f.binaries, never()).unloadBinary(any());
    assertThat(filesLeft()).isEmpty();
  }

  @Test
  @DisplayName("F2/P4/#822: explicit-only, its own init scope, and every refusal names the hazard")
  void refusalsAndScope() {
    CustomKernelLaunch custom = new CustomKernelLaunch();
    assertThat(custom.explicitOnly()).isTrue();
    var pre = Fixtures.residing(RuntimeResidence.PREINSTALL_DIRECTORY);
    assertThat(custom.initScope(pre)).isEqualTo("CUSTOM_SCHEDULER");
    assertThat(custom.refusal(Fixtures.cann("9.0.0", Capability.AICPU_KERNEL_LAUNCH_EX), pre))
        .hasValueSatisfying(r -> assertThat(r).contains("#822").contains("507018"));
    assertThat(custom.refusal(Fixtures.cann("9.0.0", Capability.CUSTOM_KERNEL), pre))
        .hasValueSatisfying(r -> assertThat(r).contains("rts API").contains("#822"));
    assertThat(custom.needsJsonLoader()).as("registered through the rts JSON loader").isTrue();
    assertThat(custom.refusal(Fixtures.allCapabilities(), pre)).isEmpty();
    assertThat(
            custom.refusal(
                Fixtures.allCapabilities(), Fixtures.residing(RuntimeResidence.KFC_LIBRARY)))
        .as("mode 1 ships the SO itself, whatever the deployment did")
        .isEmpty();
  }

  @Test
  void theSoGoesBesideTheDescriptorUnderTheSameStem() {
    assertThat(CustomKernelLaunch.besideDescriptor(Path.of("/d/op_1_2_3.json")))
        .isEqualTo(Path.of("/d/op_1_2_3.so"));
    assertThatThrownBy(() -> CustomKernelLaunch.besideDescriptor(Path.of("/d/op")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("F7");
  }
}
