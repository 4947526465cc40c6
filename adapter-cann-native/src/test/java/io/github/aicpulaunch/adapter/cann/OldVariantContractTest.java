package io.github.aicpulaunch.adapter.cann;

import static io.github.aicpulaunch.adapter.cann.Standin.hex;
import static io.github.aicpulaunch.adapter.cann.Standin.le;
import static io.github.aicpulaunch.adapter.cann.Standin.pattern;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code old} stand-in: CANN 8.3.0 without {@code aclsysGetVersionStr} (the version comes from
 * {@code runtime/version.info}) and the 40-byte {@code rtAicpuArgsEx_t} of older headers.
 */
class OldVariantContractTest {
  private final Standin standin = Standin.variant("old");
  private CannAdapter adapter;
  private CannPorts ports;

  @BeforeEach
  void load() {
    adapter = standin.freshAdapter();
    ports = adapter.ports();
  }

  @Test
  void versionComesFromVersionInfoAndPicksThe40ByteLayout() {
    CannReport report = adapter.report();
    assertThat(report.version()).contains(new CannVersion(8, 3, 0, "8.3.0"));
    assertThat(report.versionSource())
        .isEqualTo(standin.home.resolve("runtime/version.info").toString());
    assertThat(report.argsLayout()).contains(AicpuArgsLayout.V40);
    assertThat(report.argsLayoutReason()).contains("older than 8.5.0");
    assertThat(report.missingSymbols()).containsExactly("aclsysGetVersionStr");
    assertThat(report.socName()).isEqualTo("Ascend910B1");
    assertThat(report.describe()).contains("40 B");
  }

  @Test
  @DisplayName("the version is read beside the loaded libruntime.so, not from ASCEND_HOME_PATH")
  void versionComesFromTheLoadedInstallation(@TempDir Path tmp) throws IOException {
    // A stale toolkit named by ASCEND_HOME_PATH, with another version and no libraries.
    Path stale = tmp.resolve("stale");
    Files.createDirectories(stale.resolve("runtime"));
    Files.writeString(stale.resolve("runtime/version.info"), "Version=9.9.0\n");

    CannAdapter loaded =
        CannAdapter.load(
            CannOptions.defaults(),
            Map.of(
                "ASCEND_HOME_PATH",
                stale.toString(),
                "LD_LIBRARY_PATH",
                standin.home.resolve("lib64").toString()),
            null);

    CannReport report = loaded.report();
    assertThat(report.runtime()).contains(standin.home.resolve("lib64/libruntime.so"));
    assertThat(report.version()).contains(new CannVersion(8, 3, 0, "8.3.0"));
    assertThat(report.versionSource())
        .isEqualTo(standin.home.resolve("runtime/version.info").toString());
    assertThat(report.argsLayout()).contains(AicpuArgsLayout.V40);
  }

  @Test
  void bootstrapLaunchUsesThe40ByteLayout() {
    ByteBuffer blob = le(304);
    blob.put(0, pattern(40, 2));
    blob.put(208, "DynTileFwkKernelServerInit".getBytes(StandardCharsets.US_ASCII));
    blob.put(240, "libaicpu_extend_kernels.so".getBytes(StandardCharsets.US_ASCII));
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    ports
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU_KFC, "AST_DYN_AICPU", 1, new AicpuArgs(blob, 240, 208), stream);

    // 40-B layout (PROTOCOL 2.7, older headers): argsSize u32@24, soNameAddrOffset u16@32,
    // kernelNameAddrOffset u16@34, isNoNeedH2DCopy@36, reserved[3]@37.
    ByteBuffer argsEx = le(40).putInt(24, 304).putShort(32, (short) 240).putShort(34, (short) 208);
    assertThat(standin.calls().get(2))
        .isEqualTo(
            "rtAicpuKernelLaunchExWithArgs kernelType=5 opName=AST_DYN_AICPU numBlocks=1 argsEx="
                + hex(argsEx)
                + " args="
                + hex(blob)
                + " soName=libaicpu_extend_kernels.so kernelName=DynTileFwkKernelServerInit"
                + " smDesc=null stream=S1 flags=0 rc=0");
  }

  @Test
  void nameOffsetsThatDoNotFit16BitsAreRefusedBeforeCannIsCalled() {
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    ByteBuffer blob = le(70_000);
    blob.put(69_000, "k".getBytes(StandardCharsets.US_ASCII));

    assertThatThrownBy(
            () ->
                ports
                    .aicpuLaunch()
                    .launchAicpuKernel(
                        KernelType.AICPU,
                        "AST_DYN_AICPU",
                        1,
                        new AicpuArgs(blob, AicpuArgs.NO_NAME, 69_000),
                        stream))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("soNameOffset 4294967295")
        .hasMessageContaining("40-byte rtAicpuArgsEx_t");
    assertThat(standin.calls()).noneMatch(c -> c.startsWith("rtAicpuKernelLaunchExWithArgs"));
  }
}
