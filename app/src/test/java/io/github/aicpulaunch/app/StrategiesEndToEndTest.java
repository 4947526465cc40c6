package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.TestSos.InitState;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every launch strategy end to end through the facade: the real dispatcher uploads the real example
 * runtime into the simulated chip's preinstall directory, the vector kernel runs over several
 * blocks, and every element is checked. InitArgs reach each loaded copy of the runtime once, read
 * back through the vector runtime's {@code example_vector_get_init} (docs/ABI.md), which reports
 * the device id and log level it latched and how many times its init ran.
 *
 * <p>F2 (#822's stale read on the custom scheduler) is not exercised here: no packaged runtime has
 * an entry that waits on device memory; adapter-sim's CustomSchedulerTest covers it with its own
 * test kernel.
 */
class StrategiesEndToEndTest {
  /** PROTOCOL §2.4: the default log level upstream's host sends in InitArgs. */
  private static final int DEFAULT_LOG_LEVEL = 25;

  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private SimInspector inspector;
  private Path so;
  private String fp;

  @BeforeEach
  void start() throws Exception {
    aicpu = AicpuLaunch.simulator(SimConfig.builder().chips(2).build());
    inspector = aicpu.simInspector().orElseThrow();
    so = TestSos.packaged(tmp, TestSos.VECTOR);
    fp = TestSos.fingerprint(so);
  }

  @AfterEach
  void stop() {
    aicpu.close();
  }

  private static OpenSessionCommand open(int device, Path so, String launch) {
    return new OpenSessionCommand(
        device, so, OpenSessionCommand.DEFAULT_ENTRIES, null, launch, TimeoutChain.DEFAULT);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rts-json", "direct-aicpu", "dispatch-through"})
  @DisplayName("each strategy: verified result, preinstall file with the expected name and bytes")
  void strategyRunsTheVectorKernel(String launch) throws Exception {
    try (Session s = aicpu.open(open(0, so, launch))) {
      assertThat(s.info().launch()).isEqualTo(launch);
      assertThat(s.info().deployment()).isEqualTo("dispatcher-upload");
      assertThat(s.info().fingerprint()).isEqualTo(fp);
      assertThat(s.info().preinstallName()).isEqualTo("simpler_inner_" + fp + "_0.so");
      TestSos.addAndVerify(s, 3000, 4, 7.5f);
      TestSos.addAndVerify(s, 17, 8, -2f); // fewer elements per block than blocks in places
    }
    Path file = inspector.preinstallDir(0).resolve("simpler_inner_" + fp + "_0.so");
    assertThat(file).isRegularFile();
    assertThat(Files.readAllBytes(file)).isEqualTo(Files.readAllBytes(so));
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName(
      "dispatch-through: the largest payload (65536 bytes) fits its slot behind the request, in"
          + " every slot of the ring")
  void dispatchThroughCarriesTheLargestPayload() {
    try (Session s = aicpu.open(open(0, so, "dispatch-through"))) {
      // Five launches: every slot once, then slot 0 again after the ring's stream wait.
      for (int i = 0; i < 5; i++) {
        TestSos.addAndVerify(s, "simpler_aicpu_exec", 257 + i, 2, i, LaunchCommand.MAX_PAYLOAD);
      }
    }
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("rts-json registers a descriptor byte-equal to testdata/descriptor (PROTOCOL §4)")
  void rtsJsonDescriptorMatchesTheGoldenFile() throws Exception {
    Path golden =
        Path.of(
            System.getProperty("aicpu.testdata"), "descriptor", "exec_init_17c206da09cc6435.json");
    // The golden file was typed for fingerprint 17c206da09cc6435 on device 0; the packaged runtime
    // has the fingerprint readelf reports, so that is the only substitution.
    String expected = Files.readString(golden).replace("17c206da09cc6435", fp);
    try (Session s = aicpu.open(open(0, so, "rts-json"))) {
      List<Path> descriptors;
      try (Stream<Path> files = Files.list(aicpu.descriptorDirectory())) {
        descriptors = files.toList();
      }
      assertThat(descriptors).hasSize(1);
      assertThat(descriptors.get(0).toString()).endsWith(".json");
      assertThat(Files.readAllBytes(descriptors.get(0)))
          .isEqualTo(expected.getBytes(StandardCharsets.UTF_8));
    }
    try (Stream<Path> files = Files.list(aicpu.descriptorDirectory())) {
      assertThat(files).as("the descriptor is deleted with its registration").isEmpty();
    }
  }

  @Test
  @DisplayName("the policy picks rts-json on CANN 9.0.0 once the probe passed, and says why")
  void policyDefault() {
    try (Session s = aicpu.open(OpenSessionCommand.of(1, so))) {
      assertThat(s.info().launch()).isEqualTo("rts-json");
      assertThat(s.info().policyReason())
          .isEqualTo(
              "deployment dispatcher-upload (default), launch rts-json (default; the rts JSON"
                  + " loader accepted the registration probe on physical device 1) on CANN 9.0.0"
                  + " (sim)");
      assertThat(s.info().preinstallName()).isEqualTo("simpler_inner_" + fp + "_1.so");
      TestSos.addAndVerify(s, 1024, 4, 1f);
    }
  }

  @Test
  @DisplayName(
      "custom-kernel (#822, F2) is never chosen by the policy, even where nothing else fits")
  void customKernelIsExplicitOnly() {
    assertThat(aicpu.component().launchStrategies().get("custom-kernel").explicitOnly()).isTrue();
    try (Session s = aicpu.open(OpenSessionCommand.of(0, so))) {
      assertThat(s.info().launch()).isEqualTo("rts-json");
    }
    // Under the legacy-kfc deployment the vector runtime fits no automatic candidate; custom-kernel
    // would pass its own capability check here, yet the policy neither picks nor mentions it.
    assertThatThrownBy(
            () ->
                aicpu.open(
                    new OpenSessionCommand(
                        1,
                        so,
                        OpenSessionCommand.DEFAULT_ENTRIES,
                        "legacy-kfc",
                        null,
                        TimeoutChain.DEFAULT)))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e ->
                assertThat(e.getMessage())
                    .contains("No launch strategy can work with deployment legacy-kfc")
                    .contains("rts-json refused")
                    .contains("direct-aicpu refused")
                    .contains("legacy-kfc refused")
                    .doesNotContain("custom-kernel refused"));
    assertThat(inspector.streamsAlive()).as("refused before any device call").isZero();
  }

  @Test
  @DisplayName("custom-kernel asked for: verified result, SO in the custom scheduler's directory")
  void customKernelWorksWhenAsked() throws Exception {
    try (Session s = aicpu.open(open(0, so, "custom-kernel"))) {
      assertThat(s.info().launch()).isEqualTo("custom-kernel");
      assertThat(s.info().policyReason()).contains("launch custom-kernel (requested)");
      TestSos.addAndVerify(s, 3000, 4, 2.5f);
      // Registered like a CANN custom op: CANN shipped the SO into cust_aicpu_<dev>_<vf>_<pid>
      // under the kernelSo name, the per-device preinstall basename (PROTOCOL §7.5).
      Path shipped = inspector.customDir(0).resolve("simpler_inner_" + fp + "_0.so");
      assertThat(shipped).isRegularFile();
      assertThat(Files.readAllBytes(shipped)).isEqualTo(Files.readAllBytes(so));
    }
    try (Stream<Path> files = Files.list(aicpu.descriptorDirectory())) {
      assertThat(files)
          .as("descriptor and its <stem>.so are deleted with the registration")
          .isEmpty();
    }
    TestSos.assertNothingLeft(inspector, 0);
  }

  /** A session of the vector runtime that declares {@code example_vector_get_init} too. */
  private Session openWithGetInit(int device, @Nullable String launch) {
    return aicpu.open(
        new OpenSessionCommand(
            device, so, TestSos.VECTOR_ENTRIES, null, launch, TimeoutChain.DEFAULT));
  }

  @Test
  @DisplayName("PROTOCOL §2.4: two sessions on one device run init once; the other die its own")
  void initRunsOncePerDevice() {
    try (Session first = openWithGetInit(0, null);
        Session second = openWithGetInit(0, null)) {
      assertThat(TestSos.initState(first)).isEqualTo(new InitState(0, DEFAULT_LOG_LEVEL, 1));
      assertThat(TestSos.initState(second)).isEqualTo(new InitState(0, DEFAULT_LOG_LEVEL, 1));
      TestSos.addAndVerify(second, 100, 2, 1f);
    }
    try (Session reopened = openWithGetInit(0, null);
        Session other = openWithGetInit(1, null)) {
      assertThat(TestSos.initState(reopened)).isEqualTo(new InitState(0, DEFAULT_LOG_LEVEL, 1));
      assertThat(TestSos.initState(other)).isEqualTo(new InitState(1, DEFAULT_LOG_LEVEL, 1));
    }
    TestSos.assertNothingLeft(inspector, 0);
    TestSos.assertNothingLeft(inspector, 1);
  }

  @Test
  @DisplayName(
      "rts-json and custom-kernel on one device: each scheduler's copy is initialised once")
  void initRunsOncePerSchedulerCopy() {
    // The main scheduler loads simpler_inner_<fp>_0.so from the preinstall directory, the custom
    // scheduler its own copy from cust_aicpu_<dev>_<vf>_<pid>: two copies, two sets of statics.
    try (Session json = openWithGetInit(0, "rts-json");
        Session custom = openWithGetInit(0, "custom-kernel")) {
      assertThat(custom.info().launch()).isEqualTo("custom-kernel");
      assertThat(inspector.customDir(0).resolve("simpler_inner_" + fp + "_0.so")).isRegularFile();
      assertThat(TestSos.initState(json)).isEqualTo(new InitState(0, DEFAULT_LOG_LEVEL, 1));
      assertThat(TestSos.initState(custom)).isEqualTo(new InitState(0, DEFAULT_LOG_LEVEL, 1));
      TestSos.addAndVerify(custom, 300, 3, -1f);
      try (Session customAgain = openWithGetInit(0, "custom-kernel")) {
        assertThat(TestSos.initState(customAgain))
            .isEqualTo(new InitState(0, DEFAULT_LOG_LEVEL, 1));
      }
    }
    TestSos.assertNothingLeft(inspector, 0);
  }

  @Test
  @DisplayName("auto without CANN runs the simulator and says why")
  void autoFallsBackToTheSimulator() {
    try (AicpuLaunch auto =
        AicpuLaunch.auto(
            CannOptions.explicitOnly().withLibraryPath(tmp.resolve("no-cann")),
            SimConfig.builder().build())) {
      assertThat(auto.reason())
          .startsWith("CANN is not available (")
          .endsWith("so the simulator runs instead");
      assertThat(auto.backendDescription()).startsWith("sim: ");
      assertThat(auto.simInspector()).isPresent();
    }
  }
}
