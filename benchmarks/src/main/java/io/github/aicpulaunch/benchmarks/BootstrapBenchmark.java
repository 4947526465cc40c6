package io.github.aicpulaunch.benchmarks;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import io.github.aicpulaunch.domain.bootstrap.BootstrapRegistry;
import io.github.aicpulaunch.domain.elf.SoFile;
import io.github.aicpulaunch.domain.strategy.DirectAicpuLaunch;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Bootstrapping a 16 MiB runtime SO (with a Build-ID) on the simulator.
 *
 * <ul>
 *   <li>{@link #cold}: a session open in a process that has not deployed the SO, with no preinstall
 *       file on the device: map, validate and fingerprint the SO, attach, create the stream, upload
 *       dispatcher + runtime + DeviceArgs, the KFC launch, the real dispatcher publishing the file
 *       in the AICPU OS process, and the stream sync. Launch strategy {@code direct-aicpu} and only
 *       the exec entry, so nothing but the bootstrap touches the device.
 *   <li>{@link #cPublishFloor}: the least any bootstrap must do with those bytes: C write, fsync,
 *       chmod, rename and directory fsync of the same 16 MiB into a directory on the same
 *       filesystem.
 * </ul>
 *
 * <p>The warm path is {@link WarmBootstrapBenchmark}.
 */
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class BootstrapBenchmark extends MeasuredBenchmark {
  static final long SO_BYTES = 16L << 20;
  private static final List<String> ENTRIES = List.of(Services.EXEC);

  private SimFixture sim;
  private Path so;
  private OpenSessionCommand command;
  private @Nullable Session session;
  private BootstrapRegistry coldRegistry;

  private Path publishDir;
  private Memory publishDirName;
  private Memory publishName;
  private ByteBuffer soBytes;

  @Setup(Level.Trial)
  public void setUp() {
    NativeBaselines.load();
    sim = SimFixture.start();
    so = BenchFiles.runtimeSo(true, SO_BYTES);
    command = Services.command(so, ENTRIES, DirectAicpuLaunch.NAME);
    publishDir = BenchFiles.newDirectory("publish-");
    publishDirName = NativeBaselines.cString(publishDir.toString());
    publishName = NativeBaselines.cString("simpler_inner_floor_0.so");
    try (SoFile file = SoFile.open(so)) {
      soBytes = file.readAll();
    }
  }

  @Setup(Level.Invocation)
  public void forgetDeployment() {
    deleteRuntimeFiles(sim.preinstallDir());
    deleteRuntimeFiles(publishDir);
    coldRegistry = new BootstrapRegistry();
  }

  @TearDown(Level.Invocation)
  public void closeSession() {
    Session s = session;
    if (s != null) {
      s.close();
      session = null;
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    closeSession();
    sim.close();
  }

  @Benchmark
  public Session cold() {
    Session s = sim.service(coldRegistry).open(command);
    session = s;
    return s;
  }

  @Benchmark
  public int cPublishFloor() {
    int rc =
        NativeBaselines.bench_publish(
            NativeBaselines.address(publishDirName),
            NativeBaselines.address(publishName),
            NativeBaselines.address(Native.getDirectBufferPointer(soBytes)),
            soBytes.remaining());
    BaselineException.check(rc, "bench_publish");
    return rc;
  }

  private static void deleteRuntimeFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        if (f.getFileName().toString().startsWith("simpler_inner_")) {
          Files.delete(f);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear " + dir, e);
    }
  }
}
