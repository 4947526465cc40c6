package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.session.SessionService;
import io.github.aicpulaunch.domain.strategy.RtsJsonLaunch;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Session open and close on the simulator with the runtime SO already deployed: attach, stream,
 * rts-json registration (descriptor, load, two function lookups), the {@code simpler_aicpu_init}
 * launch and its sync, then stream destroy, unload and descriptor delete. The leak check over 1,000
 * such cycles is {@link SessionSoak}.
 */
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class SessionBenchmark extends MeasuredBenchmark {
  private SimFixture sim;
  private SessionService service;
  private OpenSessionCommand command;

  @Setup(Level.Trial)
  public void setUp() {
    sim = SimFixture.start();
    service = sim.service(new BootstrapRegistry());
    command =
        Services.command(
            BenchFiles.runtimeSo(true), OpenSessionCommand.DEFAULT_ENTRIES, RtsJsonLaunch.NAME);
    service.open(command).close();
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    sim.close();
  }

  @Benchmark
  public void openClose() {
    try (Session s = service.open(command)) {
      s.info();
    }
  }
}
