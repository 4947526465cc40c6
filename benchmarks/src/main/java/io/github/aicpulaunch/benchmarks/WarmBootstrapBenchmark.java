package io.github.aicpulaunch.benchmarks;

import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.bootstrap.RuntimeSoValidator;
import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import io.github.aicpulaunch.domain.session.ReadSoCache;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.strategy.DirectAicpuLaunch;
import io.github.aicpulaunch.domain.strategy.DispatcherUploadDeployment;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The warm bootstrap of a 16 MiB runtime SO: what a session open does before and at its deploy step
 * when this process already deployed the SO on the device, in the order {@code SessionService.open}
 * does it: read the file (through the service's {@link ReadSoCache}, which turns a read of an
 * unchanged file into one {@code stat}; {@link #warmUncached} reads it with {@link ReadSo#of}:
 * parse the ELF and fingerprint), validate, and the process-wide registry's cache hit. The
 * registry's upload (the only part that would touch the device) must not run; {@link
 * #uploadsOnWarmPath()} counts it if it ever did.
 */
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class WarmBootstrapBenchmark extends MeasuredBenchmark {
  private static final List<String> ENTRIES = List.of(Services.EXEC);

  private final RuntimeSoValidator validator = new RuntimeSoValidator();
  private final BootstrapRegistry registry = new BootstrapRegistry();
  private final ReadSoCache reads = new ReadSoCache();
  private final AtomicInteger uploads = new AtomicInteger();
  private final Runnable countingUpload = uploads::incrementAndGet;
  private Path so;

  @Setup(Level.Trial)
  public void setUp() {
    so = BenchFiles.runtimeSo(true, BootstrapBenchmark.SO_BYTES);
    // A real open through the same registry deploys the SO, as an earlier session would have.
    try (SimFixture sim = SimFixture.start();
        Session s =
            sim.service(registry).open(Services.command(so, ENTRIES, DirectAicpuLaunch.NAME))) {
      if (!s.info().fingerprintSource().equals("build-id")) {
        throw new BaselineException(so + " should fingerprint by its Build-ID");
      }
    }
  }

  @TearDown(Level.Trial)
  public void check() {
    if (uploads.get() != 0) {
      throw new BaselineException("the warm path ran " + uploads.get() + " uploads");
    }
  }

  @Benchmark
  public boolean warm() {
    return validateAndHit(reads.read(so));
  }

  /**
   * The same without the session service's {@link ReadSoCache}: what an open costs when the file
   * was rebuilt less than {@link ReadSoCache#SAFE_MARGIN} ago (or in a new process).
   */
  @Benchmark
  public boolean warmUncached() {
    return validateAndHit(ReadSo.of(so));
  }

  private boolean validateAndHit(ReadSo read) {
    validator.validate(so, read.elf(), read.size(), DeviceArch.X86_64, ENTRIES);
    return registry.ensureDeployed(
        new BootstrapRegistry.Key(read.fingerprint().value(), 0),
        RuntimeResidence.PREINSTALL_DIRECTORY,
        Optional.of(DispatcherUploadDeployment.DISPATCHER_LATCH),
        countingUpload);
  }

  /** How many times the warm path ran an upload (each would be device calls); must stay 0. */
  public int uploadsOnWarmPath() {
    return uploads.get();
  }
}
