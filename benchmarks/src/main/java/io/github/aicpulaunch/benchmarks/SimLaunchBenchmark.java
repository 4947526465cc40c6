package io.github.aicpulaunch.benchmarks;

import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DIRECT_AICPU;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DISPATCH_THROUGH;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.RTS_JSON;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One launch round trip of the no-op entry on the simulator, through a session and the domain's
 * strategy: {@code launchAsync} (host half: strategy, port, the launch frame to the AICPU OS
 * process) then {@code synchronize} (the AICPU OS runs the entry on {@code blocks} threads and
 * reports completion). Compared with {@link IpcBaselineBenchmark} in the same run.
 */
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class SimLaunchBenchmark extends MeasuredBenchmark {
  @Param({RTS_JSON, DIRECT_AICPU, DISPATCH_THROUGH})
  public String strategy;

  @Param({"1", "2", "4", "8", "16", "32", "64"})
  public int blocks;

  private SimFixture sim;
  private Session session;
  private LaunchCommand command;

  @Setup(Level.Trial)
  public void setUp() {
    sim = SimFixture.start();
    session =
        sim.service(new BootstrapRegistry())
            .open(Services.command(BenchFiles.runtimeSo(true), List.of(Services.EXEC), strategy));
    command = new LaunchCommand(Services.EXEC, payload(), blocks);
    session.launch(command);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
    sim.close();
  }

  @Benchmark
  public void launch() {
    session.launch(command);
  }

  /** An 8-byte payload: the no-op entry only checks that it has one. */
  static ByteBuffer payload() {
    return ByteBuffer.allocateDirect(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 42L);
  }
}
