package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.BinaryHandle;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelMode;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.FunctionHandle;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.LoadOptions;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The per-launch path (the launch calls, and the host-to-device copies {@code dispatch-through}
 * makes per launch) allocates nothing on the Java heap once warm: direct-mapped calls with raw
 * addresses, per-thread reusable native buffers, cached op names. Measured with the JVM's
 * per-thread allocation counter; a single object per launch would show as 16+ bytes times the
 * launch count.
 */
class LaunchAllocationTest {
  private static final int LAUNCHES = 20_000;

  @TempDir Path tmp;

  private static com.sun.management.ThreadMXBean threads() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(
        mx instanceof com.sun.management.ThreadMXBean,
        "this JVM has no per-thread allocation counter");
    return (com.sun.management.ThreadMXBean) mx;
  }

  @Test
  void launchesDoNotAllocate() throws IOException {
    com.sun.management.ThreadMXBean threads = threads();

    Standin standin = Standin.variant("full");
    CannPorts ports = standin.freshAdapter().ports();
    Path json =
        Files.writeString(
            tmp.resolve("d.json"),
            "{\"op_1\": {\"opInfo\": {\"functionName\": \"f\", \"opKernelLib\": \"AICPUKernel\"}}}");
    ports.devices().setDevice(0);
    StreamHandle stream = ports.streams().createStream();
    BinaryHandle bin =
        ports
            .binaries()
            .loadBinaryFromFile(json, LoadOptions.cpuKernelMode(CpuKernelMode.JSON_ONLY));
    FunctionHandle f = ports.binaries().functionByName(bin, "op_1");
    ByteBuffer payload = ByteBuffer.allocate(96);
    ByteBuffer blob = ByteBuffer.allocate(64);
    blob.put(32, "simpler_aicpu_exec".getBytes(StandardCharsets.US_ASCII));
    AicpuArgs args = new AicpuArgs(blob, AicpuArgs.NO_NAME, 32);
    LaunchConfig none = LaunchConfig.none();

    for (int i = 0; i < LAUNCHES; i++) { // warm up: scratch buffers, op-name cache, JIT
      ports.cpuKernels().launchCpuKernel(f, 1, stream, none, payload);
      ports.aicpuLaunch().launchAicpuKernel(KernelType.AICPU, "AST_DYN_AICPU", 1, args, stream);
    }
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < LAUNCHES; i++) {
      ports.cpuKernels().launchCpuKernel(f, 1, stream, none, payload);
      ports.aicpuLaunch().launchAicpuKernel(KernelType.AICPU, "AST_DYN_AICPU", 1, args, stream);
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;

    assertThat(allocated).isLessThan(LAUNCHES);
  }

  @Test
  void copiesToDeviceAndTimedSyncsDoNotAllocate() {
    com.sun.management.ThreadMXBean threads = threads();
    CannPorts ports = Standin.variant("full").freshAdapter().ports();
    ports.devices().setDevice(0);
    // What dispatch-through copies per launch: its 96-byte request with the payload behind it, in
    // one copy; a second, smaller copy checks that a warm staging buffer serves other sizes too.
    DevicePtr payloadDst = ports.memory().malloc(96 + 32);
    DevicePtr requestDst = ports.memory().malloc(64);
    ByteBuffer payload = ByteBuffer.wrap(Standin.pattern(96 + 32, 7));
    ByteBuffer request = ByteBuffer.wrap(Standin.pattern(64, 3));

    StreamHandle stream = ports.streams().createStream();

    for (int i = 0; i < LAUNCHES; i++) { // warm up: staging buffer, JIT
      ports.memory().copyToDevice(payloadDst, payload);
      ports.memory().copyToDevice(requestDst, request);
      ports.streams().synchronize(stream, 3000); // the slot ring's wait when it wraps
    }
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < LAUNCHES; i++) {
      ports.memory().copyToDevice(payloadDst, payload);
      ports.memory().copyToDevice(requestDst, request);
      ports.streams().synchronize(stream, 3000);
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;

    assertThat(allocated).isLessThan(LAUNCHES);
    // The copies are real: the device holds the bytes, and the sources were not consumed.
    assertThat(payload.position()).isZero();
    ByteBuffer back = ByteBuffer.allocate(96 + 32);
    ports.memory().copyFromDevice(back, payloadDst);
    assertThat(back.array()).isEqualTo(Standin.pattern(96 + 32, 7));
    ports.streams().destroyStream(stream);
    ports.memory().free(requestDst);
    ports.memory().free(payloadDst);
  }

  @Test
  void copiesGrowTheStagingBufferBeyondItsFirstSize() {
    CannPorts ports = Standin.variant("full").freshAdapter().ports();
    ports.devices().setDevice(0);
    int size = 64 * 1024 + 40;
    DevicePtr dst = ports.memory().malloc(size);
    ports.memory().copyToDevice(dst, ByteBuffer.wrap(Standin.pattern(16, 1)));
    ByteBuffer big = ByteBuffer.wrap(Standin.pattern(size, 5));
    big.position(0);
    ports.memory().copyToDevice(dst, big);
    ByteBuffer back = ByteBuffer.allocate(size);
    ports.memory().copyFromDevice(back, dst);
    assertThat(back.array()).isEqualTo(Standin.pattern(size, 5));
    ports.memory().free(dst);
  }

  @Test
  @DisplayName(
      "a copy above the staging limit goes round trip from heap and direct buffers, and staging stays small")
  void largeCopiesBypassStaging() {
    CannPorts ports = Standin.variant("full").freshAdapter().ports();
    ports.devices().setDevice(0);
    int size = 3 * HostStaging.MAX_KEPT_BYTES + 7;
    byte[] data = Standin.pattern(size, 9);
    DevicePtr dst = ports.memory().malloc(size);

    ByteBuffer heap = ByteBuffer.allocate(size + 5).position(5);
    heap.put(5, data);
    ports.memory().copyToDevice(dst, heap);
    ByteBuffer heapBack = ByteBuffer.allocate(size + 3).position(3);
    ports.memory().copyFromDevice(heapBack, dst);
    byte[] fromHeap = new byte[size];
    heapBack.get(3, fromHeap);
    assertThat(fromHeap).isEqualTo(data);

    byte[] other = Standin.pattern(size, 11);
    ByteBuffer direct = ByteBuffer.allocateDirect(size + 2).position(2);
    direct.put(2, other);
    ports.memory().copyToDevice(dst, direct);
    ByteBuffer directBack = ByteBuffer.allocateDirect(size);
    ports.memory().copyFromDevice(directBack, dst);
    byte[] fromDirect = new byte[size];
    directBack.get(0, fromDirect);
    assertThat(fromDirect).isEqualTo(other);
    assertThat(heap.position()).isEqualTo(5);
    assertThat(direct.position()).isEqualTo(2);

    long staging = ((CannDevicePorts) ports.memory()).ensureAttached().staging().capacity();
    assertThat(staging).isLessThanOrEqualTo(HostStaging.MAX_KEPT_BYTES);
    ports.memory().free(dst);
  }
}
