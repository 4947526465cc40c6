package io.github.aicpulaunch.benchmarks;

import com.sun.jna.Memory;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One per-task launch call through the CANN adapter's ports against the no-op CANN, and the raw JNA
 * direct call of the same C function with structures prepared once: the adapter's whole per-launch
 * cost (attach check, payload copy, structure writes, code check) over the floor of crossing into
 * C. {@code rtsLaunchCpuKernel} is the rts-json path, {@code rtAicpuKernelLaunchExWithArgs} the
 * direct-aicpu path.
 */
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@SuppressWarnings("NullAway.Init") // JMH runs @Setup before any benchmark method
public class CannLaunchBenchmark extends MeasuredBenchmark {
  static final String OP_NAME = "AST_DYN_AICPU";
  private static final int AICPU_ARGS_EX = 48;
  private static final int CPU_KERNEL_ARGS = AICPU_ARGS_EX + 24;

  private CannPorts ports;
  private StreamHandle stream;
  private BinaryHandle binary;
  private FunctionHandle function;
  private final ByteBuffer payload = SimLaunchBenchmark.payload();
  private AicpuArgs aicpuArgs;

  // Raw call structures, filled once.
  private final Memory rawPayload = new Memory(8);
  private final Memory rawCpuArgs = new Memory(CPU_KERNEL_ARGS);
  private final Memory rawAttrs = new Memory(20);
  private final Memory rawCfg = new Memory(16);
  private Memory rawBlob;
  private final Memory rawAicpuArgs = new Memory(AICPU_ARGS_EX);
  private final Memory rawOpName = NativeBaselines.cString(OP_NAME);

  @Setup(Level.Trial)
  public void setUp() {
    ports = NoopCann.ports();
    ports.devices().setDevice(0);
    stream = ports.streams().createStream();
    binary =
        ports
            .binaries()
            .loadBinaryFromFile(BenchFiles.root().resolve("noop.json"), new LoadOptions(List.of()));
    function = ports.binaries().functionByName(binary, Services.EXEC);

    String soName = "simpler_inner_0000000000000000_0.so";
    byte[] so = (soName + "\0").getBytes(StandardCharsets.US_ASCII);
    byte[] kernel = (Services.EXEC + "\0").getBytes(StandardCharsets.US_ASCII);
    ByteBuffer blob = ByteBuffer.allocateDirect(8 + so.length + kernel.length);
    blob.put(payload.duplicate()).put(so).put(kernel).flip();
    aicpuArgs = new AicpuArgs(blob, 8, 8 + so.length);

    rawPayload.setLong(0, 42L);
    rawCpuArgs.clear();
    rawCpuArgs.setPointer(0, rawPayload);
    rawCpuArgs.setInt(24, 8);
    rawAttrs.clear();
    rawCfg.setPointer(0, rawAttrs);
    rawCfg.setLong(8, 0);
    rawBlob = new Memory(blob.remaining());
    for (int i = 0; i < blob.remaining(); i++) {
      rawBlob.setByte(i, blob.get(i));
    }
    rawAicpuArgs.clear();
    rawAicpuArgs.setPointer(0, rawBlob);
    rawAicpuArgs.setInt(24, blob.remaining());
    rawAicpuArgs.setInt(32, 8);
    rawAicpuArgs.setInt(36, 8 + so.length);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    ports.binaries().unloadBinary(binary);
    ports.streams().destroyStream(stream);
  }

  @Benchmark
  public void adapterCpuKernel() {
    ports.cpuKernels().launchCpuKernel(function, 1, stream, LaunchConfig.none(), payload);
  }

  @Benchmark
  public int rawCpuKernel() {
    int rc =
        NoopCann.Raw.rtsLaunchCpuKernel(
            function.value(),
            1,
            stream.value(),
            NativeBaselines.address(rawCfg),
            NativeBaselines.address(rawCpuArgs));
    BaselineException.check(rc, "rtsLaunchCpuKernel");
    return rc;
  }

  @Benchmark
  public void adapterAicpuKernel() {
    ports.aicpuLaunch().launchAicpuKernel(KernelType.AICPU, OP_NAME, 1, aicpuArgs, stream);
  }

  @Benchmark
  public int rawAicpuKernel() {
    int rc =
        NoopCann.Raw.rtAicpuKernelLaunchExWithArgs(
            KernelType.AICPU.value(),
            NativeBaselines.address(rawOpName),
            1,
            NativeBaselines.address(rawAicpuArgs),
            0,
            stream.value(),
            0);
    BaselineException.check(rc, "rtAicpuKernelLaunchExWithArgs");
    return rc;
  }
}
