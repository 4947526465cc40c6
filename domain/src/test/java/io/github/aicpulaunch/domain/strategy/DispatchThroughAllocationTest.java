package io.github.aicpulaunch.domain.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.mockito.Mockito.mock;

import io.github.aicpulaunch.domain.abi.DispatchRequest;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.RuntimeResidence;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.BinaryRegistrationPort;
import io.github.aicpulaunch.ports.out.CannPorts;
import io.github.aicpulaunch.ports.out.CpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceControlPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.LaunchConfig;
import io.github.aicpulaunch.ports.out.RuntimeInfoPort;
import io.github.aicpulaunch.ports.out.StreamHandle;
import io.github.aicpulaunch.ports.out.StreamPort;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * A warm {@code dispatch-through} launch allocates nothing in the domain: the request and payload
 * are assembled in a reused staging buffer and go out with one copy. The ports on the launch path
 * are hand-written fakes that allocate nothing themselves (a Mockito mock records every call), so
 * the JVM's per-thread allocation counter sees only the launcher. A single object per launch would
 * show as 16+ bytes times the launch count.
 */
class DispatchThroughAllocationTest {
  private static final int LAUNCHES = 20_000;

  /** Device memory that keeps only the last copy: its destination, length and first 104 bytes. */
  private static final class LastCopy implements DeviceMemoryPort {
    private long next = 0x10000;
    final byte[] head = new byte[104];
    long dst;
    int length;
    int copies;

    @Override
    public DevicePtr malloc(long size) {
      long a = next;
      next += 0x20000;
      return new DevicePtr(a);
    }

    @Override
    public void free(DevicePtr ptr) {}

    @Override
    public void copyToDevice(DevicePtr dst, ByteBuffer src) {
      this.dst = dst.address();
      length = src.remaining();
      src.get(src.position(), head, 0, Math.min(head.length, length));
      copies++;
    }

    /** Only the session-open handshake reads: the dispatcher's acknowledgement. */
    @Override
    public void copyFromDevice(ByteBuffer dst, DevicePtr src) {
      dst.order(ByteOrder.LITTLE_ENDIAN).putInt(dst.position(), DispatchRequest.ACK);
    }
  }

  private static final class CountingLaunches implements AicpuKernelLaunchPort {
    int launches;

    @Override
    public void launchAicpuKernel(
        KernelType kernelType, String opName, int numBlocks, AicpuArgs args, StreamHandle stream) {
      launches++;
    }
  }

  private static final class CountingSyncs implements StreamPort {
    int syncs;

    @Override
    public StreamHandle createStream() {
      throw new UnsupportedOperationException("not on the launch path");
    }

    @Override
    public void destroyStream(StreamHandle stream) {}

    @Override
    public void synchronize(StreamHandle stream) {
      syncs++;
    }

    @Override
    public void synchronize(StreamHandle stream, int timeoutMillis) {
      syncs++;
    }
  }

  @Test
  void warmLaunchesAllocateNothingAndCopyOncePerLaunch() {
    java.lang.management.ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    assumeTrue(
        mx instanceof com.sun.management.ThreadMXBean,
        "this JVM has no per-thread allocation counter");
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) mx;
    LastCopy memory = new LastCopy();
    CountingLaunches aicpu = new CountingLaunches();
    CountingSyncs streams = new CountingSyncs();
    CannPorts ports =
        new CannPorts(
            mock(RuntimeInfoPort.class),
            mock(DeviceControlPort.class),
            memory,
            streams,
            aicpu,
            mock(BinaryRegistrationPort.class),
            mock(CpuKernelLaunchPort.class));
    TaskLauncher launcher =
        new DispatchThroughLaunch()
            .prepare(
                new LaunchContext(
                    ports,
                    1,
                    9,
                    Fixtures.STREAM,
                    Fixtures.IMAGE,
                    RuntimeResidence.PREINSTALL_DIRECTORY,
                    () -> Path.of("/x.json"),
                    TimeoutChain.FAST_FAIL,
                    LaunchConfig.none()));
    ByteBuffer payload = ByteBuffer.allocate(32).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < 4; i++) {
      payload.putLong(8 * i, 0x0101_0101_0101_0101L * (i + 1));
    }

    for (int i = 0; i < LAUNCHES; i++) { // warm up: JIT
      launcher.launch(i & 1, payload, 1);
    }
    int copiesBefore = memory.copies;
    long tid = Thread.currentThread().getId();
    long before = threads.getThreadAllocatedBytes(tid);
    for (int i = 0; i < LAUNCHES; i++) {
      launcher.launch(i & 1, payload, 1);
    }
    long allocated = threads.getThreadAllocatedBytes(tid) - before;

    assertThat(allocated).isLessThan(LAUNCHES);
    assertThat(memory.copies - copiesBefore).isEqualTo(LAUNCHES);
    assertThat(aicpu.launches).isEqualTo(1 + 2 * LAUNCHES); // the handshake, then the launches
    // The last launch: request (96 B) then the 32 payload bytes, payload_addr = slot + 96.
    assertThat(memory.length).isEqualTo(96 + 32);
    ByteBuffer head = ByteBuffer.wrap(memory.head).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(head.getLong(8)).isEqualTo(memory.dst + 96);
    assertThat(head.getLong(16)).isEqualTo(32);
    assertThat(head.getLong(96)).isEqualTo(0x0101_0101_0101_0101L);
    assertThat(payload.position()).isZero();
    // One stream wait for the handshake, then one per ring wrap.
    assertThat(streams.syncs).isEqualTo(1 + 2 * LAUNCHES / DispatchThroughLauncher.SLOTS - 1);
  }
}
