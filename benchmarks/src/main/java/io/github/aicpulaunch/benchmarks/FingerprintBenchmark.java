package io.github.aicpulaunch.benchmarks;

import com.sun.jna.Memory;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;

/**
 * Fingerprinting a runtime SO file (PROTOCOL §5) of 1, 16 and 64 MiB, with a Build-ID and without
 * one (FNV-1a over every byte). {@link #java} is the domain's {@link Fingerprints#ofFile}; {@link
 * #c} maps the file and runs the dispatcher's own {@code aicpu_fingerprint} from {@code
 * fingerprint.h}. Java reads the file with positional reads (the headers and notes, or every byte
 * in chunks), C maps it; both read from the page cache (warm after the first call), so the ratio
 * compares the hashing and header walk, not the disk.
 */
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class FingerprintBenchmark extends MeasuredBenchmark {
  /** File size in MiB. */
  @Param({"1", "16", "64"})
  public int mib;

  /** {@code build-id}: only headers and notes are read; {@code fnv}: every byte is hashed. */
  @Param({"build-id", "fnv"})
  public String kind;

  private Path so;
  private Memory path;
  private final Memory out = new Memory(8);

  @Setup(Level.Trial)
  public void setUp() {
    NativeBaselines.load();
    so = BenchFiles.runtimeSo(kind.equals("build-id"), (long) mib << 20);
    path = NativeBaselines.cString(so.toString());
    Fingerprint fp = Fingerprints.ofFile(so);
    long c = c();
    if (c != fp.value()) {
      throw new BaselineException(
          String.format("C fingerprint %016x differs from Java's %s for %s", c, fp.hex(), so));
    }
    if ((fp.source() == Fingerprint.Source.BUILD_ID) != kind.equals("build-id")) {
      throw new BaselineException(so + " fingerprinted by " + fp.source() + ", expected " + kind);
    }
  }

  @Benchmark
  public long java() {
    return Fingerprints.ofFile(so).value();
  }

  @Benchmark
  public long c() {
    BaselineException.check(
        NativeBaselines.bench_fingerprint_file(
            NativeBaselines.address(path), NativeBaselines.address(out)),
        "bench_fingerprint_file");
    return out.getLong(0);
  }
}
