package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.adapter.cann.CannOptions;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulator's end-to-end strategy tests against a real card: the aarch64 dispatcher uploads the
 * aarch64 example runtime, the vector kernel runs over several blocks and every element is checked.
 * Excluded by default; on a card: {@code ./mvnw -B verify -pl app -am -Ponboard}. Skipped, with the
 * reason, where CANN or the aarch64 SOs are missing ({@link OnboardSupport}).
 */
@Tag("onboard")
class OnboardEndToEndTest {
  private static final Logger log = LoggerFactory.getLogger(OnboardEndToEndTest.class);

  @TempDir Path tmp;

  private AicpuLaunch aicpu;
  private Path so;

  @BeforeEach
  void start() throws Exception {
    OnboardSupport.requireCard();
    aicpu = AicpuLaunch.cann(CannOptions.defaults());
    log.warn("onboard: {}", aicpu.backendDescription());
    so = TestSos.packaged(tmp, "linux-aarch64", TestSos.VECTOR);
  }

  @AfterEach
  void stop() {
    if (aicpu != null) {
      aicpu.close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rts-json", "direct-aicpu", "dispatch-through"})
  @DisplayName("each strategy this CANN offers: verified vector add on the card")
  void strategyRunsTheVectorKernel(String launch) throws Exception {
    Deployment upload = aicpu.component().deployments().get("dispatcher-upload");
    Optional<String> refusal =
        aicpu.component().launchStrategies().get(launch).refusal(aicpu.runtimeInfo(), upload);
    assumeTrue(refusal.isEmpty(), () -> launch + " cannot run on this CANN: " + refusal.orElse(""));
    String fp = TestSos.fingerprint(so);
    int device = OnboardSupport.device();
    try (Session s =
        aicpu.open(
            new OpenSessionCommand(
                device,
                so,
                OpenSessionCommand.DEFAULT_ENTRIES,
                null,
                launch,
                TimeoutChain.DEFAULT))) {
      assertThat(s.info().launch()).isEqualTo(launch);
      assertThat(s.info().fingerprint()).isEqualTo(fp);
      assertThat(s.info().preinstallName()).startsWith("simpler_inner_" + fp + "_");
      TestSos.addAndVerify(s, 3000, 4, 7.5f);
      TestSos.addAndVerify(s, 17, 8, -2f);
    }
  }

  @Test
  @DisplayName("the policy's default on this CANN runs the vector kernel and says why")
  void policyDefault() {
    try (Session s = aicpu.open(OpenSessionCommand.of(OnboardSupport.device(), so))) {
      log.warn("onboard policy: {}", s.info().policyReason());
      assertThat(s.info().policyReason()).contains("(cann)");
      TestSos.addAndVerify(s, 1024, 4, 1f);
    }
  }
}
