package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.Phase;
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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.InOrder;

/** PROTOCOL §3.3 (c)–(f) and §4, call for call. */
class RtsJsonLaunchTest {
  private static final BinaryHandle BIN = new BinaryHandle(0xb1);
  private static final FunctionHandle EXEC = new FunctionHandle(0xf1);
  private static final FunctionHandle INIT = new FunctionHandle(0xf2);

  @TempDir Path dir;
  private final Fixtures f = Fixtures.create();
  private Path json;
  private final List<String> descriptorsSeen = new ArrayList<>();

  @BeforeEach
  void stub() {
    json = dir.resolve("simpler_inner_17c206da09cc6435_9.json");
    when(f.binaries.loadBinaryFromFile(any(), any()))
        .thenAnswer(
            inv -> {
              descriptorsSeen.add(Files.readString(inv.getArgument(0)));
              return BIN;
            });
    when(f.binaries.functionByName(BIN, "simpler_aicpu_exec_17c206da09cc6435")).thenReturn(EXEC);
    when(f.binaries.functionByName(BIN, "simpler_aicpu_init_17c206da09cc6435")).thenReturn(INIT);
  }

  private TaskLauncher prepare() {
    return new RtsJsonLaunch().prepare(f.launchContext(Fixtures.IMAGE, json));
  }

  @Test
  @DisplayName("F6/F7: descriptor, load in cpuKernelMode 0, resolve every entry in order")
  void registersEveryEntry() {
    prepare();
    InOrder order = inOrder(f.binaries);
    order
        .verify(f.binaries)
        .loadBinaryFromFile(
            json, new LoadOptions(List.of(new LoadOptions.Option(3 /* CPU_KERNEL_MODE */, 0))));
    order.verify(f.binaries).functionByName(BIN, "simpler_aicpu_exec_17c206da09cc6435");
    order.verify(f.binaries).functionByName(BIN, "simpler_aicpu_init_17c206da09cc6435");
    order.verifyNoMoreInteractions();
    verifyNoInteractions(f.memory, f.aicpu);

    JsonObject root = JsonParser.parseString(descriptorsSeen.get(0)).getAsJsonObject();
    assertThat(root.keySet())
        .containsExactly(
            "simpler_aicpu_exec_17c206da09cc6435", "simpler_aicpu_init_17c206da09cc6435");
    JsonObject info =
        root.getAsJsonObject("simpler_aicpu_init_17c206da09cc6435").getAsJsonObject("opInfo");
    assertThat(info.get("functionName").getAsString()).isEqualTo("simpler_aicpu_init");
    assertThat(info.get("kernelSo").getAsString()).isEqualTo(Fixtures.PREINSTALL);
    assertThat(info.get("opKernelLib").getAsString()).isEqualTo("AICPUKernel");
    assertThat(info.get("userDefined").getAsString()).isEqualTo("False");
    assertThat(Files.exists(json)).isTrue();
  }

  @Test
  void launchesOnCachedHandlesWithThePayloadAsGiven() {
    TaskLauncher launcher = prepare();
    ByteBuffer payload = ByteBuffer.allocate(96);
    launcher.launch(0, payload, 6);
    launcher.launch(1, payload, 1);
    verify(f.cpuKernels).launchCpuKernel(EXEC, 6, Fixtures.STREAM, LaunchConfig.none(), payload);
    verify(f.cpuKernels).launchCpuKernel(INIT, 1, Fixtures.STREAM, LaunchConfig.none(), payload);
    verify(f.binaries, times(2)).functionByName(any(), any());
  }

  @Test
  @DisplayName(
      "F9: a missing entry unloads, deletes the descriptor, names the entry, keeps CANN's code")
  void aMissUndoesTheRegistration() {
    CannCallException miss = CannCallException.of(107000, "rtsFuncGetByName");
    doThrow(miss).when(f.binaries).functionByName(BIN, "simpler_aicpu_init_17c206da09cc6435");
    assertThatThrownBy(this::prepare)
        .isSameAs(miss)
        .hasMessageStartingWith(
            "Registration failed (resolving entry 'simpler_aicpu_init' as opType"
                + " simpler_aicpu_init_17c206da09cc6435")
        .hasMessageContaining("F9")
        .hasMessageContaining("rtsFuncGetByName returned 107000");
    assertThat(miss.phase()).contains(Phase.REGISTRATION);
    verify(f.binaries).unloadBinary(BIN);
    assertThat(Files.exists(json)).isFalse();
  }

  @Test
  @DisplayName("F7: a load failure deletes the descriptor and keeps CANN's code")
  void aLoadFailureDeletesTheDescriptor() {
    CannCallException refused = CannCallException.of(107000, "rtsBinaryLoadFromFile");
    doThrow(refused).when(f.binaries).loadBinaryFromFile(any(), any());
    assertThatThrownBy(this::prepare).isSameAs(refused);
    assertThat(Files.exists(json)).isFalse();
    verify(f.binaries, never()).unloadBinary(any());
  }

  @Test
  void aDeviceFailureWhileResolvingKeepsItsType() {
    CannCallException poisoned = CannCallException.of(507899, "rtsFuncGetByName");
    doThrow(poisoned).when(f.binaries).functionByName(eq(BIN), any());
    assertThatThrownBy(this::prepare).isSameAs(poisoned);
    assertThat(Files.exists(json)).isFalse();
  }

  @Test
  @DisplayName("F21: an unload failure keeps the handle; release retries; then it is idempotent")
  void releaseKeepsTheHandleOnFailure() {
    TaskLauncher launcher = prepare();
    CannCallException fail = CannCallException.of(107017, "rtsBinaryUnload");
    doThrow(fail).doNothing().when(f.binaries).unloadBinary(BIN);
    assertThatThrownBy(launcher::release).isSameAs(fail);
    assertThat(Files.exists(json)).isTrue();
    launcher.release();
    launcher.release();
    verify(f.binaries, times(2)).unloadBinary(BIN);
    assertThat(Files.exists(json)).isFalse();
  }

  @Test
  @DisplayName("F20-F22: abandon forgets the handle without rtsBinaryUnload")
  void abandonMakesNoDeviceCall() {
    TaskLauncher launcher = prepare();
    launcher.abandon();
    launcher.release();
    verify(f.binaries, never()).unloadBinary(any());
    assertThat(Files.exists(json)).isFalse();
  }

  @Test
  void refusesWithoutTheRtsApiOrAPreinstallFile() {
    var pre = Fixtures.residing(RuntimeResidence.PREINSTALL_DIRECTORY);
    RtsJsonLaunch rts = new RtsJsonLaunch();
    assertThat(rts.needsJsonLoader()).isTrue();
    // Whether the loader works is the registration probe's to say, not the version's.
    assertThat(
            rts.refusal(
                Fixtures.cann(
                    "8.5.0", Capability.RTS_BINARY_LOAD, Capability.RTS_LAUNCH_CPU_KERNEL),
                pre))
        .isEmpty();
    assertThat(rts.refusal(Fixtures.cann("9.0.0"), pre))
        .hasValueSatisfying(r -> assertThat(r).contains("rts API"));
    assertThat(
            rts.refusal(
                Fixtures.allCapabilities(), Fixtures.residing(RuntimeResidence.KFC_LIBRARY)))
        .isPresent();
    assertThat(rts.refusal(Fixtures.allCapabilities(), pre)).isEmpty();
  }
}
