package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dagger.BindsInstance;
import dagger.Component;
import dagger.Module;
import dagger.Provides;
import dagger.multibindings.IntoMap;
import dagger.multibindings.StringKey;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.app.wiring.SimBackendComponent;
import io.github.aicpulaunch.app.wiring.SimBackendModule;
import io.github.aicpulaunch.domain.spi.BuiltInStrategies;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.RuntimeInfo;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import javax.inject.Singleton;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The facade's two public routes for an extension, end to end on the simulator: a strategy added to
 * {@link AicpuLaunch#builder()}, and one contributed by a Dagger module in an application's own
 * component that {@link AicpuLaunch#of} wraps. Either decorates the built-in rts-json, which it
 * gets by name through {@link BuiltInStrategies}; the vector kernel runs through it and every
 * element is checked. Then what the facade refuses, before anything starts.
 */
class ExtensionFacadeTest {
  @TempDir Path tmp;

  @Test
  void aStrategyAddedToTheBuilderDecoratesRtsJsonAndLaunchesARealKernel() throws Exception {
    AtomicInteger launches = new AtomicInteger();
    try (AicpuLaunch aicpu =
            AicpuLaunch.builder()
                .backend(Backend.simulator(SimConfig.builder().build()))
                .strategy(
                    CountingStrategy.NAME,
                    builtIns ->
                        new CountingStrategy(
                            builtIns.launchStrategy(BuiltInStrategies.RTS_JSON), launches))
                .build();
        Session s = aicpu.open(open(TestSos.packaged(tmp, TestSos.VECTOR)))) {
      assertThat(aicpu.component().launchStrategies())
          .containsKeys(CountingStrategy.NAME, "rts-json", "direct-aicpu");
      assertThat(s.info().launch()).isEqualTo(CountingStrategy.NAME);
      assertThat(s.info().policyReason()).contains("launch " + CountingStrategy.NAME);

      TestSos.addAndVerify(s, 1000, 4, 1.5f);

      // Both launches went through the decorator: the session's InitArgs and the vector add.
      assertThat(launches).hasValue(2);
    }
  }

  @Test
  void aModuleInTheApplicationsOwnComponentIsWrappedByTheFacade() throws Exception {
    AtomicInteger launches = new AtomicInteger();
    AppComponent component =
        DaggerExtensionFacadeTest_AppComponent.factory()
            .create(SimConfig.builder().build(), launches);
    Path preinstall;
    try (AicpuLaunch aicpu = AicpuLaunch.of(component);
        Session s = aicpu.open(open(TestSos.packaged(tmp, TestSos.VECTOR)))) {
      preinstall = aicpu.simInspector().orElseThrow().preinstallDir(0);
      TestSos.addAndVerify(s, 333, 2, -4f);
      assertThat(launches).hasValue(2); // InitArgs, then the vector add

      assertThat(preinstall).isDirectory();
    }
    // The facade took the component over: closing it stopped the simulator and removed its files.
    assertThat(preinstall).doesNotExist();
  }

  @Test
  void anExtensionUnderABuiltInsNameIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                AicpuLaunch.builder()
                    .strategy(
                        "rts-json",
                        builtIns -> new Renamed("rts-json", builtIns.launchStrategy("rts-json")))
                    .build())
        .withMessageContaining("added to AicpuLaunch.builder() as \"rts-json\"")
        .withMessageContaining("name of a built-in launch strategy")
        .withMessageContaining("give it a name of its own");
  }

  @Test
  void aNameItsStrategyDoesNotAnswerIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                AicpuLaunch.builder()
                    .strategy(
                        "rts-json-traced",
                        builtIns -> new Renamed("traced", builtIns.launchStrategy("rts-json")))
                    .build())
        .withMessageContaining("answers name() \"traced\"")
        .withMessageContaining("use one name for both");
  }

  @Test
  void aNameUsersCannotTypeIsRefused() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                AicpuLaunch.builder()
                    .strategy(
                        "Rts Json",
                        builtIns -> new Renamed("Rts Json", builtIns.launchStrategy("rts-json")))
                    .build())
        .withMessageContaining("lower-case letters and digits joined by dashes");
  }

  @Test
  void anUnknownBuiltInIsRefusedWithTheListOfBuiltIns() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                AicpuLaunch.builder()
                    .strategy("json-traced", builtIns -> builtIns.launchStrategy("json"))
                    .build())
        .withMessageContaining("no built-in launch strategy \"json\"")
        .withMessageContaining(
            "custom-kernel, direct-aicpu, dispatch-through, legacy-kfc, rts-json");
  }

  @Test
  void theSameNameTwiceIsRefusedAtOnce() {
    AicpuLaunch.Builder builder =
        AicpuLaunch.builder()
            .strategy(
                "x-traced",
                builtIns -> new Renamed("x-traced", builtIns.launchStrategy("rts-json")));

    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                builder.strategy(
                    "x-traced",
                    builtIns -> new Renamed("x-traced", builtIns.launchStrategy("rts-json"))))
        .withMessageContaining("already added as \"x-traced\"");
  }

  private static OpenSessionCommand open(Path so) {
    return new OpenSessionCommand(
        0,
        so,
        OpenSessionCommand.DEFAULT_ENTRIES,
        null,
        CountingStrategy.NAME,
        TimeoutChain.DEFAULT);
  }

  /** Decorates a strategy and counts the launches that go through it. */
  static final class CountingStrategy implements LaunchStrategy {
    static final String NAME = "rts-json-counted";

    private final LaunchStrategy delegate;
    private final AtomicInteger launches;

    CountingStrategy(LaunchStrategy delegate, AtomicInteger launches) {
      this.delegate = delegate;
      this.launches = launches;
    }

    @Override
    public String name() {
      return NAME;
    }

    @Override
    public boolean explicitOnly() {
      return true;
    }

    @Override
    public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
      return delegate.refusal(runtime, deployment);
    }

    @Override
    public TaskLauncher prepare(LaunchContext context) {
      TaskLauncher launcher = delegate.prepare(context);
      return new TaskLauncher() {
        @Override
        public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
          launches.incrementAndGet();
          launcher.launch(entryIndex, payload, numBlocks);
        }

        @Override
        public void release() {
          launcher.release();
        }

        @Override
        public void abandon() {
          launcher.abandon();
        }
      };
    }
  }

  /** A delegate under another name. */
  record Renamed(String name, LaunchStrategy delegate) implements LaunchStrategy {
    @Override
    public Optional<String> refusal(RuntimeInfo runtime, Deployment deployment) {
      return delegate.refusal(runtime, deployment);
    }

    @Override
    public TaskLauncher prepare(LaunchContext context) {
      return delegate.prepare(context);
    }
  }

  /** An application's extension module: decorates the built-in rts-json, found by name. */
  @Module
  static final class CountingModule {
    private CountingModule() {}

    @Provides
    @IntoMap
    @StringKey(CountingStrategy.NAME)
    static LaunchStrategy counted(BuiltInStrategies builtIns, AtomicInteger launches) {
      return new CountingStrategy(builtIns.launchStrategy(BuiltInStrategies.RTS_JSON), launches);
    }
  }

  /** An application's own component: the simulator bundle plus its extension module. */
  @Singleton
  @Component(modules = {SimBackendModule.class, CountingModule.class})
  interface AppComponent extends SimBackendComponent {
    @Component.Factory
    interface Factory {
      AppComponent create(@BindsInstance SimConfig config, @BindsInstance AtomicInteger launches);
    }
  }
}
