package io.github.aicpulaunch.benchmarks;

import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DIRECT_AICPU;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.DISPATCH_THROUGH;
import static io.github.aicpulaunch.domain.spi.BuiltInStrategies.RTS_JSON;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.naming.DescriptorDirectory;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One per-task launch through a session and the domain's strategy over the CANN adapter and the
 * no-op CANN: {@code Session.launchAsync} (state and entry checks, thread attach check, the
 * strategy's launcher, the adapter's port). Divided by {@link CannLaunchBenchmark}'s raw call of
 * the C function the strategy ends in.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class CannSessionLaunchBenchmark extends MeasuredBenchmark {
  @Param({RTS_JSON, DIRECT_AICPU, DISPATCH_THROUGH})
  public String strategy;

  private DescriptorDirectory descriptors;
  private Session session;
  private LaunchCommand command;

  @Setup(Level.Trial)
  public void setUp() {
    descriptors = DescriptorDirectory.createUnder(BenchFiles.newDirectory("cann-json-"));
    session =
        Services.sessionService(NoopCann.ports(), new BootstrapRegistry(), descriptors)
            .open(
                Services.command(
                    BenchFiles.asAarch64(BenchFiles.runtimeSo(true)),
                    List.of(Services.EXEC),
                    strategy));
    command = new LaunchCommand(Services.EXEC, SimLaunchBenchmark.payload(), 1);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    session.close();
    descriptors.close();
  }

  @Benchmark
  public void launchAsync() {
    session.launchAsync(command);
  }
}
