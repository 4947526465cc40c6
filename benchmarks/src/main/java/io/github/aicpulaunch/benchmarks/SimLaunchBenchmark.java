package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One launch round trip of the no-op entry on the simulator, through a session and the domain's
 * strategy: {@code launchAsync} (host half: strategy, port, the launch frame to the AICPU OS
 * process) then {@code synchronize} (the AICPU OS runs the entry on {@code blocks} threads and
 * reports completion). Compared with {@link IpcBaselineBenchmark} in the same run.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class SimLaunchBenchmark {
  @Param({"rts-json", "direct-aicpu", "dispatch-through"})
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
