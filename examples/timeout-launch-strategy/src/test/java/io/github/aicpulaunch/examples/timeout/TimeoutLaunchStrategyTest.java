package io.github.aicpulaunch.examples.timeout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimeoutLaunchStrategyTest {
  /** PROTOCOL §6: RT_LAUNCH_KERNEL_ATTR_TIMEOUT = 7 (u16 seconds), TIMEOUT_US = 8. */
  private static final int RT_LAUNCH_KERNEL_ATTR_TIMEOUT = 7;

  private static final int RT_LAUNCH_KERNEL_ATTR_TIMEOUT_US = 8;
  private static final int RT_LAUNCH_KERNEL_ATTR_SCHEM_MODE = 1;

  private final RecordingStrategy rtsJson = new RecordingStrategy();

  @Test
  void addsTheTimeoutAttributeAndKeepsTheOthers() {
    var strategy = new TimeoutLaunchStrategy(rtsJson, 30);
    LaunchConfig sessionConfig =
        new LaunchConfig(List.of(new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_SCHEM_MODE, 1)));

    TaskLauncher launcher = strategy.prepare(context(sessionConfig));

    assertThat(launcher).isSameAs(rtsJson.launcher);
    assertThat(rtsJson.prepared.launchConfig().attributes())
        .containsExactly(
            new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_SCHEM_MODE, 1),
            new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_TIMEOUT, 30));
  }

  @Test
  void replacesTimeoutsTheSessionAlreadyHad() {
    var strategy = new TimeoutLaunchStrategy(rtsJson, 65535);
    LaunchConfig sessionConfig =
        new LaunchConfig(
            List.of(
                new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_TIMEOUT, 5),
                new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_TIMEOUT_US, 5_000_000)));

    strategy.prepare(context(sessionConfig));

    assertThat(rtsJson.prepared.launchConfig().attributes())
        .containsExactly(new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_TIMEOUT, 65535));
  }

  @Test
  void passesEverythingElseOfTheContextThrough() {
    LaunchContext original = context(LaunchConfig.none());

    new TimeoutLaunchStrategy(rtsJson, 1).prepare(original);

    LaunchContext seen = rtsJson.prepared;
    assertThat(seen.logicalDevice()).isEqualTo(original.logicalDevice());
    assertThat(seen.physicalDevice()).isEqualTo(original.physicalDevice());
    assertThat(seen.residence()).isEqualTo(original.residence());
    assertThat(seen.launchConfig().attributes())
        .containsExactly(new LaunchConfig.Attribute(RT_LAUNCH_KERNEL_ATTR_TIMEOUT, 1));
  }

  @Test
  void refusesWhenTheDelegateRefuses() {
    rtsJson.refusal = Optional.of("the rts JSON loader answers 107000");
    var strategy = new TimeoutLaunchStrategy(rtsJson, 30);

    assertThat(strategy.refusal(null, null)).contains("the rts JSON loader answers 107000");
  }

  @Test
  void isSelectedOnlyByName() {
    var strategy = new TimeoutLaunchStrategy(rtsJson, 30);

    assertThat(strategy.name()).isEqualTo("rts-json-timeout");
    assertThat(strategy.explicitOnly()).isTrue();
  }

  @Test
  void rejectsATimeoutThatDoesNotFitTheU16Attribute() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TimeoutLaunchStrategy(rtsJson, 0))
        .withMessageContaining("rts-json-timeout")
        .withMessageContaining("1..65535")
        .withMessageContaining("was 0")
        .withMessageContaining("use rts-json");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new TimeoutLaunchStrategy(rtsJson, 65536))
        .withMessageContaining("was 65536");
  }

  /** Only the fields the decorator must carry over matter; the delegate never reads the rest. */
  private static LaunchContext context(LaunchConfig config) {
    return new LaunchContext(
        null, 3, 5, null, null, RuntimeResidence.PREINSTALL_DIRECTORY, null, null, config);
  }

  /** Stands in for rts-json: records what it was asked to prepare. */
  private static final class RecordingStrategy implements LaunchStrategy {
    final TaskLauncher launcher = new NoLauncher();
    Optional<String> refusal = Optional.empty();
    LaunchContext prepared;

    @Override
    public String name() {
      return "rts-json";
    }

    @Override
    public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
      return refusal;
    }

    @Override
    public TaskLauncher prepare(LaunchContext context) {
      prepared = context;
      return launcher;
    }
  }

  private static final class NoLauncher implements TaskLauncher {
    @Override
    public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {}

    @Override
    public void release() {}

    @Override
    public void abandon() {}
  }
}
