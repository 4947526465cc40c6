package io.github.aicpulaunch.benchmarks;

import com.sun.jna.Memory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The C floors of a simulator launch round trip, in the same run as {@link SimLaunchBenchmark}.
 *
 * <ul>
 *   <li>{@link #pingPong}: a C process writes one launch-sized request frame to a child process
 *       over a pipe and reads one completion-sized frame back (the simulator's mechanism:
 *       length-prefixed frames on the child's stdin and stdout); the child first fans the request
 *       out to {@code blocks} threads of a pool and waits for all of them, as the AICPU OS runs a
 *       task on {@code blocks} threads. {@code blocks} = 0 is the bare two-process round trip, 1
 *       that plus one thread hand-off.
 *   <li>{@link #fanOut}: the fan-out alone, in this process: wake {@code blocks} pool threads, each
 *       runs a no-op, wait for all.
 * </ul>
 */
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class IpcBaselineBenchmark extends MeasuredBenchmark {
  /**
   * Request payload bytes of a direct-aicpu launch frame (adapter-sim {@code AicpuOsProcess.launch}
   * and {@code aicpu_sim_wire.h}): op u8, task u64, die/kernelType/numBlocks u32, the SO name
   * ({@code simpler_inner_<16 hex>_0.so}, 35 bytes) and the kernel name ({@code
   * simpler_aicpu_exec}, 18) as length-prefixed strings, and the argument blob (8-byte payload plus
   * both names NUL-terminated, 63 bytes) with its length.
   */
  public static final int REQUEST_BYTES = 1 + 8 + 4 * 3 + (4 + 35) + (4 + 18) + (4 + 63);

  /** Payload bytes of the completion event: op u8, task u64, rc i32, a null message (i32 -1). */
  public static final int RESPONSE_BYTES = 1 + 8 + 4 + 4;

  /** The ping-pong's peer process; {@code blocks} = 0 is the bare two-process round trip. */
  @State(Scope.Benchmark)
  @SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
  public static class PingPong {
    @Param({"0", "1", "2", "4", "8", "16", "32", "64"})
    public int blocks;

    private Memory peerPath;
    private long handle;

    @Setup(Level.Trial)
    public void setUp() {
      NativeBaselines.load();
      peerPath = NativeBaselines.cString(BenchFiles.peerExecutable().toString());
      handle =
          NativeBaselines.bench_pingpong_open(NativeBaselines.address(peerPath), RESPONSE_BYTES);
      if (handle == 0) {
        throw new BaselineException("bench_pingpong_open could not start " + peerPath.getString(0));
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      int status = NativeBaselines.bench_pingpong_close(handle);
      if (status != 0) {
        throw new BaselineException("the ping-pong peer exited with status " + status);
      }
    }
  }

  /** The in-process pool of {@code blocks} threads. */
  @State(Scope.Benchmark)
  public static class FanOut {
    @Param({"1", "2", "4", "8", "16", "32", "64"})
    public int blocks;

    private long pool;

    @Setup(Level.Trial)
    public void setUp() {
      NativeBaselines.load();
      pool = NativeBaselines.bench_fanout_open(blocks);
      if (pool == 0) {
        throw new BaselineException("bench_fanout_open could not start " + blocks + " threads");
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      NativeBaselines.bench_fanout_close(pool);
    }
  }

  @Benchmark
  public int pingPong(PingPong p) {
    int rc = NativeBaselines.bench_pingpong_round(p.handle, REQUEST_BYTES, p.blocks);
    BaselineException.check(rc, "bench_pingpong_round");
    return rc;
  }

  @Benchmark
  public int fanOut(FanOut f) {
    int rc = NativeBaselines.bench_fanout_round(f.pool);
    BaselineException.check(rc, "bench_fanout_round");
    return rc;
  }
}
