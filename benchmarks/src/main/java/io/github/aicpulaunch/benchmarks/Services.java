package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.RuntimeSoValidator;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import io.github.aicpulaunch.domain.session.BackendLifecycle;
import io.github.aicpulaunch.domain.session.DeviceUsers;
import io.github.aicpulaunch.domain.session.DispatcherSo;
import io.github.aicpulaunch.domain.session.LaunchPolicy;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.domain.spi.Deployment;
import io.github.aicpulaunch.domain.spi.LaunchStrategy;
import io.github.aicpulaunch.domain.strategy.DirectAicpuLaunch;
import io.github.aicpulaunch.domain.strategy.DispatchThroughLaunch;
import io.github.aicpulaunch.domain.strategy.DispatcherUploadDeployment;
import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.CannPorts;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The domain's {@link SessionService} wired by hand over a backend's ports, with the built-in
 * deployment and launch strategies: what the application's wiring provides, without it.
 */
public final class Services {
  /** The launch strategies the benchmarks compare. */
  public static final List<String> STRATEGIES =
      List.of(RtsJsonLaunch.NAME, DirectAicpuLaunch.NAME, DispatchThroughLaunch.NAME);

  /** The no-op entry every per-task launch benchmark runs. */
  public static final String EXEC = "simpler_aicpu_exec";

  private static final ClasspathDispatcher DISPATCHER = new ClasspathDispatcher();

  private Services() {}

  /** The dispatcher SO the deployments upload. */
  public static DispatcherSo dispatcher() {
    return DISPATCHER;
  }

  public static SessionService sessionService(
      CannPorts ports, BootstrapRegistry registry, DescriptorDirectory descriptors) {
    Map<String, Deployment> deployments =
        Map.of(DispatcherUploadDeployment.NAME, new DispatcherUploadDeployment());
    Map<String, LaunchStrategy> launches =
        Map.of(
            RtsJsonLaunch.NAME, new RtsJsonLaunch(),
            DirectAicpuLaunch.NAME, new DirectAicpuLaunch(),
            DispatchThroughLaunch.NAME, new DispatchThroughLaunch());
    return new SessionService(
        ports,
        registry,
        new LaunchPolicy(deployments, launches, registry),
        new RuntimeSoValidator(),
        DISPATCHER,
        PreinstallNaming.DEFAULT,
        descriptors,
        new BackendLifecycle(ports, registry, new DeviceUsers()));
  }

  /** Open {@code so} on device 0 with {@code entries}, dispatcher-upload and {@code strategy}. */
  public static OpenSessionCommand command(Path so, List<String> entries, String strategy) {
    return new OpenSessionCommand(
        0, so, entries, DispatcherUploadDeployment.NAME, strategy, TimeoutChain.DEFAULT);
  }
}
