package io.github.aicpulaunch.domain.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.JsonLoaderVerdict;
import io.github.aicpulaunch.domain.spi.DeployContext;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.KfcLatch;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.CannVersion;
import io.github.aicpulaunch.ports.out.Capability;
import io.github.aicpulaunch.ports.out.DeviceArch;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The policy's rules against stand-in strategies whose refusals are fixed in the test, so the
 * policy's own logic is what is tested. The built-in strategies' refusals are tested with them.
 */
class LaunchPolicyTest {
  private static final KfcLatch DISPATCHER =
      new KfcLatch(KfcLatch.Kind.DISPATCHER, "dispatcher", "the aicpu-launch dispatcher SO");
  private static final RuntimeImage IMAGE =
      new RuntimeImage(
          Path.of("/rt/libaicpu_kernel.so"),
          0xabL,
          "00000000000000ab",
          RuntimeImage.SOURCE_BUILD_ID,
          "simpler_inner_00000000000000ab_0.so",
          List.of(new EntryPoint("simpler_aicpu_exec", "simpler_aicpu_exec_00000000000000ab")),
          100,
          183);

  private final BootstrapRegistry registry = new BootstrapRegistry();

  private final LaunchPolicy policy =
      new LaunchPolicy(
          Map.of(
              "dispatcher-upload",
              new FakeDeployment("dispatcher-upload", Optional.of(DISPATCHER)),
              "legacy-kfc",
              new FakeDeployment(
                  "legacy-kfc",
                  Optional.of(new KfcLatch(KfcLatch.Kind.RUNTIME_SO, "ab", "runtime SO ab")))),
          Map.of(
              "rts-json",
              new FakeLaunch(
                  "rts-json",
                  false,
                  true,
                  (rt, d) ->
                      rt.has(Capability.RTS_BINARY_LOAD)
                          ? Optional.empty()
                          : Optional.of("CANN " + rt.version() + " lacks the rts API")),
              "direct-aicpu",
              new FakeLaunch("direct-aicpu", false, false, (rt, d) -> Optional.empty()),
              "dispatch-through",
              new FakeLaunch("dispatch-through", false, false, (rt, d) -> Optional.empty()),
              "custom-kernel",
              new FakeLaunch("custom-kernel", true, true, (rt, d) -> Optional.empty())),
          registry);

  private static RuntimeInfo cann(String version, Capability... caps) {
    EnumSet<Capability> set = EnumSet.noneOf(Capability.class);
    set.addAll(List.of(caps));
    return new RuntimeInfo(
        "sim", CannVersion.parse(version), "Ascend910_9392", DeviceArch.AARCH64, set, "test");
  }

  private static final RuntimeInfo CANN_900 = cann("9.0.0", Capability.RTS_BINARY_LOAD);
  private static final RuntimeInfo CANN_850 = cann("8.5.0", Capability.RTS_BINARY_LOAD);
  private static final RuntimeInfo NO_RTS = cann("9.0.0");

  private static final JsonLoaderVerdict ACCEPTED = JsonLoaderVerdict.accepted(0);
  private static final JsonLoaderVerdict REFUSED =
      JsonLoaderVerdict.refused(0, 107000, "rtsBinaryLoadFromFile", "ACL_ERROR_RT_PARAM_INVALID");

  private static PolicyRequest auto(int others) {
    return new PolicyRequest(Optional.empty(), Optional.empty(), 0, others);
  }

  private static PolicyRequest probed(JsonLoaderVerdict verdict) {
    return auto(0).withJsonLoader(verdict);
  }

  private static PolicyRequest asking(String launch) {
    return new PolicyRequest(Optional.empty(), Optional.of(launch), 0, 0);
  }

  @Test
  @DisplayName("an unprobed device: rts-json pending the registration probe")
  void rtsJsonWaitsForTheProbe() {
    PolicyDecision d = policy.decide(CANN_900, IMAGE, auto(0));
    assertThat(d.probeFirst()).isTrue();
    assertThat(d.launch().name()).isEqualTo("rts-json");
    assertThat(d.reason()).contains("if the registration probe on physical device 0 passes");
  }

  @Test
  void defaultsAreDispatcherUploadAndRtsJsonWhereTheProbePassed() {
    PolicyDecision d = policy.decide(CANN_900, IMAGE, probed(ACCEPTED));
    assertThat(d.probeFirst()).isFalse();
    assertThat(d.deployment().name()).isEqualTo("dispatcher-upload");
    assertThat(d.launch().name()).isEqualTo("rts-json");
    assertThat(d.reason())
        .isEqualTo(
            "deployment dispatcher-upload (default), launch rts-json (default; the rts JSON"
                + " loader accepted the registration probe on physical device 0) on CANN 9.0.0"
                + " (sim)");
  }

  @Test
  @DisplayName("107000 on the probe: direct-aicpu, saying why, with the 8.5.x hint on 8.5.0")
  void aRefusedProbeFallsBackToDirectAicpuAndSaysWhy() {
    PolicyDecision d = policy.decide(CANN_850, IMAGE, probed(REFUSED));
    assertThat(d.probeFirst()).isFalse();
    assertThat(d.launch().name()).isEqualTo("direct-aicpu");
    assertThat(d.reason())
        .contains(
            "launch direct-aicpu (rts-json refused: the rts JSON loader answered 107000"
                + " (ACL_ERROR_RT_PARAM_INVALID) from rtsBinaryLoadFromFile to the registration"
                + " probe on physical device 0, as reported for CANN 8.5.x")
        .doesNotContain("\n");
  }

  @Test
  @DisplayName("the version is only a hint: a 9.0.0 that refuses falls back, an 8.5.0 that passes")
  void theProbeDecidesNotTheVersion() {
    PolicyDecision refusing900 = policy.decide(CANN_900, IMAGE, probed(REFUSED));
    assertThat(refusing900.launch().name()).isEqualTo("direct-aicpu");
    assertThat(refusing900.reason()).contains("answered 107000").doesNotContain("8.5");

    PolicyDecision working850 = policy.decide(CANN_850, IMAGE, probed(ACCEPTED));
    assertThat(working850.launch().name()).isEqualTo("rts-json");
  }

  @Test
  @DisplayName("an explicit rts-json is attempted where the probe refused, the risk stated")
  void anExplicitLaunchIsAttemptedWithTheKnownRisk() {
    PolicyDecision afterProbe =
        policy.decide(CANN_900, IMAGE, asking("rts-json").withJsonLoader(REFUSED));
    assertThat(afterProbe.launch().name()).isEqualTo("rts-json");
    assertThat(afterProbe.probeFirst()).isFalse();
    assertThat(afterProbe.reason())
        .contains(
            "launch rts-json (requested; known risk: the rts JSON loader answered 107000"
                + " (ACL_ERROR_RT_PARAM_INVALID) from rtsBinaryLoadFromFile");

    PolicyDecision byVersion = policy.decide(CANN_850, IMAGE, asking("rts-json"));
    assertThat(byVersion.launch().name()).isEqualTo("rts-json");
    assertThat(byVersion.probeFirst()).as("an explicit choice needs no probe").isFalse();
    assertThat(byVersion.reason())
        .contains("(requested; known risk: its rts JSON loader was not probed in this process")
        .contains("as reported for CANN 8.5.x");

    assertThat(policy.decide(CANN_900, IMAGE, asking("rts-json")).reason())
        .contains("launch rts-json (requested) on CANN 9.0.0");
  }

  @Test
  void whatCannotBeAttemptedAtAllIsStillRefusedWithTheWayOut() {
    assertThatThrownBy(() -> policy.decide(NO_RTS, IMAGE, asking("rts-json")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Launch strategy 'rts-json' cannot work")
        .hasMessageContaining("lacks the rts API")
        .satisfies(
            e ->
                assertThat(((InvalidRequestException) e).hint())
                    .contains("direct-aicpu")
                    .contains("unset"));
  }

  @Test
  void aRefusedProbeWithNothingToFallBackToListsTheVerdict() {
    LaunchPolicy only =
        new LaunchPolicy(
            Map.of("dispatcher-upload", new FakeDeployment("dispatcher-upload", Optional.empty())),
            Map.of(
                "rts-json", new FakeLaunch("rts-json", false, true, (rt, d) -> Optional.empty())),
            registry);
    assertThatThrownBy(() -> only.decide(CANN_900, IMAGE, probed(REFUSED)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rts-json refused: the rts JSON loader answered 107000")
        .hasMessageContaining("direct-aicpu is not installed");
  }

  @Test
  void severalRuntimesOnOneDeviceUseDispatchThrough() {
    PolicyDecision d = policy.decide(CANN_900, IMAGE, auto(1));
    assertThat(d.launch().name()).isEqualTo("dispatch-through");
    assertThat(d.reason()).contains("1 other runtime(s) already on physical device 0");
  }

  @Test
  void customKernelOnlyWhenAskedFor() {
    assertThat(policy.decide(CANN_850, IMAGE, probed(REFUSED)).launch().name())
        .isNotEqualTo("custom-kernel");
    PolicyDecision d =
        policy.decide(
            CANN_900,
            IMAGE,
            new PolicyRequest(Optional.empty(), Optional.of("custom-kernel"), 0, 0));
    assertThat(d.launch().name()).isEqualTo("custom-kernel");
    assertThat(d.reason()).contains("launch custom-kernel (requested)");
    assertThat(d.probeFirst()).isFalse();
  }

  @Test
  void unknownNamesAreRefusedWithTheInstalledOnes() {
    assertThatThrownBy(
            () ->
                policy.decide(
                    CANN_900, IMAGE, new PolicyRequest(Optional.of("scp"), Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Unknown deployment 'scp'")
        .hasMessageContaining("dispatcher-upload, legacy-kfc");
    assertThatThrownBy(
            () ->
                policy.decide(
                    CANN_900,
                    IMAGE,
                    new PolicyRequest(Optional.empty(), Optional.of("mode-z"), 0, 0)))
        .hasMessageContaining("Unknown launch strategy 'mode-z'")
        .hasMessageContaining("custom-kernel, direct-aicpu, dispatch-through, rts-json");
  }

  @Test
  void aRefusedDeploymentIsReportedBeforeTheDevice() {
    LaunchPolicy strict =
        new LaunchPolicy(
            Map.of(
                "dispatcher-upload",
                new FakeDeployment("dispatcher-upload", Optional.of(DISPATCHER)) {
                  @Override
                  public Optional<String> refusal(RuntimeInfo runtime) {
                    return Optional.of("no rtAicpuKernelLaunchExWithArgs");
                  }
                }),
            Map.of(),
            registry);
    assertThatThrownBy(() -> strict.decide(CANN_900, IMAGE, auto(0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("Deployment 'dispatcher-upload' cannot work on CANN 9.0.0")
        .hasMessageContaining("preinstalled");
  }

  @Test
  void noWorkingLaunchIsRefusedListingEveryReason() {
    LaunchPolicy only =
        new LaunchPolicy(
            Map.of("dispatcher-upload", new FakeDeployment("dispatcher-upload", Optional.empty())),
            Map.of(
                "rts-json",
                new FakeLaunch("rts-json", false, true, (rt, d) -> Optional.of("broken loader"))),
            registry);
    assertThatThrownBy(() -> only.decide(CANN_850, IMAGE, auto(0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("rts-json refused: broken loader")
        .hasMessageContaining("direct-aicpu is not installed");
  }

  @Test
  void aLatchConflictIsRefusedBeforeTheDevice() {
    registry.ensureDeployed(
        new BootstrapRegistry.Key(1, 0),
        RuntimeResidence.PREINSTALL_DIRECTORY,
        Optional.of(DISPATCHER),
        () -> {});
    assertThatThrownBy(
            () ->
                policy.decide(
                    CANN_900,
                    IMAGE,
                    new PolicyRequest(Optional.of("legacy-kfc"), Optional.empty(), 0, 0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("already latched the aicpu-launch dispatcher SO");
  }

  private static class FakeDeployment implements Deployment {
    private final String name;
    private final Optional<KfcLatch> latch;

    FakeDeployment(String name, Optional<KfcLatch> latch) {
      this.name = name;
      this.latch = latch;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public RuntimeResidence residence() {
      return RuntimeResidence.PREINSTALL_DIRECTORY;
    }

    @Override
    public Optional<String> refusal(RuntimeInfo runtime) {
      return Optional.empty();
    }

    @Override
    public Optional<KfcLatch> latch(RuntimeImage image) {
      return latch;
    }

    @Override
    public void deploy(DeployContext context) {
      throw new AssertionError("the policy never deploys");
    }
  }

  private record FakeLaunch(
      String name,
      boolean explicitOnly,
      boolean needsJsonLoader,
      BiFunction<RuntimeInfo, Deployment, Optional<String>> rule)
      implements LaunchStrategy {
    @Override
    public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
      return rule.apply(runtime, deployment);
    }

    @Override
    public TaskLauncher prepare(LaunchContext context) {
      throw new AssertionError("the policy never prepares");
    }
  }
}
