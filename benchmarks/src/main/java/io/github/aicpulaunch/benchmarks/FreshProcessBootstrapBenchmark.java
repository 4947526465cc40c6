package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.strategy.DirectAicpuLaunch;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
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
 * What a new process pays to bootstrap a runtime SO of 1 to 256 MiB: one invocation per fork, in a
 * JVM that has opened no session and against a simulator started for the fork (fresh device memory,
 * no preinstall file), against {@code dd conv=fsync} of the same file run as a process in the same
 * way. {@code bench} runs it with its own options (forks, one shot each, no warm-up); the other
 * benchmarks' profiles would warm it up and measure a warmed process instead.
 *
 * <ul>
 *   <li>{@link #cold}: {@code SessionService.open} as in {@link BootstrapBenchmark#cold}: validate,
 *       fingerprint, attach, stream, the uploads, the KFC launch, the real dispatcher publishing
 *       the file in the AICPU OS process, sync; plus the class loading and first-run costs of all
 *       of these, which a CLI command pays every time.
 *   <li>{@link #dd}: {@code dd if=SO of=DIR/x bs=1M conv=fsync}, the least a publish of those bytes
 *       costs a process: read, write, fsync.
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(5)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class FreshProcessBootstrapBenchmark {
  /** The runtime SO's size in MiB (not {@code mib}: that parameter belongs to the fingerprints). */
  @Param({"1", "16", "64", "256"})
  public int sizeMib;

  private SimFixture sim;
  private OpenSessionCommand command;
  private Path so;
  private Path ddDir;
  private @Nullable Session session;

  @Setup(Level.Trial)
  public void setUp() {
    so = BenchFiles.runtimeSo(true, (long) sizeMib << 20);
    // Room for the SO, the dispatcher and the arguments on the die.
    sim = SimFixture.start(((long) sizeMib << 20) + (32L << 20));
    command = Services.command(so, List.of(Services.EXEC), DirectAicpuLaunch.NAME);
    ddDir = BenchFiles.newDirectory("dd-");
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    Session s = session;
    if (s != null) {
      s.close();
    }
    sim.close();
    BenchFiles.deleteTree(ddDir);
  }

  @Benchmark
  public Session cold() {
    Session s = sim.service(new BootstrapRegistry()).open(command);
    session = s;
    return s;
  }

  @Benchmark
  public int dd() throws IOException, InterruptedException {
    Path target = ddDir.resolve("simpler_inner_dd_0.so");
    Process p =
        new ProcessBuilder("dd", "if=" + so, "of=" + target, "bs=1M", "conv=fsync", "status=none")
            .redirectErrorStream(true)
            .start();
    byte[] output = p.getInputStream().readAllBytes();
    int rc = p.waitFor();
    if (rc != 0 || Files.size(target) != Files.size(so)) {
      throw new UncheckedIOException(
          new IOException("dd exited with " + rc + ": " + new String(output).strip()));
    }
    Files.delete(target);
    return rc;
  }
}
