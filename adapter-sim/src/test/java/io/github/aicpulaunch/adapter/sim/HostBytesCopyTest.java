package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.CannError;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.HostBytes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code copyAllToDevice} gives what one {@code aclrtMemcpy} of the bytes gives on a card, however
 * the simulator moves them: a large copy is written by its source into the device memory file, a
 * small one goes chunk by chunk, and a range outside one allocation fails as {@code aclrtMemcpy}
 * does before a byte is written.
 */
class HostBytesCopyTest {
  private Simulator sim;
  private DeviceMemoryPort memory;

  @BeforeEach
  void start() {
    sim = Simulator.start(SimConfig.builder().chips(1).memoryBudgetBytes(8 << 20).build());
    sim.ports().devices().setDevice(0);
    memory = sim.ports().memory();
  }

  @AfterEach
  void stop() {
    sim.close();
  }

  private static byte[] pattern(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 31 + (i >>> 11) + seed);
    }
    return b;
  }

  private byte[] read(DevicePtr at, int n) {
    ByteBuffer dst = ByteBuffer.allocate(n);
    memory.copyFromDevice(dst, at);
    return dst.array();
  }

  /** Bytes in memory, handed over in 64 KiB chunks, recording which way they were asked for. */
  private static class Recorded implements HostBytes {
    final byte[] bytes;
    final List<String> calls = new ArrayList<>();

    Recorded(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public void forEachChunk(ChunkSink sink) {
      calls.add("chunks");
      for (int at = 0; at < bytes.length; at += 64 << 10) {
        int n = Math.min(64 << 10, bytes.length - at);
        sink.accept(at, ByteBuffer.wrap(bytes, at, n).slice().asReadOnlyBuffer());
      }
    }

    @Override
    public void writeTo(Path target, long offset) {
      calls.add("writeTo");
      try (FileChannel out = FileChannel.open(target, StandardOpenOption.WRITE)) {
        ByteBuffer all = ByteBuffer.wrap(bytes);
        while (all.hasRemaining()) {
          out.write(all, offset + all.position());
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Test
  void aLargeCopyIsWrittenIntoDeviceMemoryByItsSourceAndLandsExactly() {
    DevicePtr buffer = memory.malloc(3 << 20);
    byte[] before = pattern(3 << 20, 1);
    memory.copyToDevice(buffer, ByteBuffer.wrap(before));
    // 1 MiB + 5 bytes at an odd offset inside the allocation.
    Recorded src = new Recorded(pattern((1 << 20) + 5, 9));
    long at = 4099;

    memory.copyAllToDevice(buffer.plus(at), src);

    assertThat(src.calls).containsExactly("writeTo");
    byte[] expected = before.clone();
    System.arraycopy(src.bytes, 0, expected, (int) at, src.bytes.length);
    assertThat(read(buffer, 3 << 20)).isEqualTo(expected);
  }

  @Test
  void aSmallCopyGoesChunkByChunk() {
    DevicePtr buffer = memory.malloc(8192);
    Recorded src = new Recorded(pattern(5000, 3));

    memory.copyAllToDevice(buffer.plus(100), src);

    assertThat(src.calls).containsExactly("chunks");
    assertThat(read(buffer.plus(100), 5000)).isEqualTo(src.bytes);
  }

  @Test
  void aRangeOutsideOneAllocationFailsAsAclrtMemcpyBeforeAnyByteIsWritten() {
    DevicePtr buffer = memory.malloc(1 << 20);
    byte[] before = pattern(1 << 20, 5);
    memory.copyToDevice(buffer, ByteBuffer.wrap(before));
    Recorded src = new Recorded(pattern((1 << 20) - 10, 7));

    assertThatThrownBy(() -> memory.copyAllToDevice(buffer.plus(11), src))
        .isInstanceOfSatisfying(
            CannCallException.class,
            e -> {
              assertThat(e.code()).isEqualTo(CannError.PARAM_INVALID.code());
              assertThat(e.function()).isEqualTo("aclrtMemcpy");
            })
        .hasMessageContaining("not inside one allocation");
    assertThat(src.calls).isEmpty();
    assertThat(read(buffer, 1 << 20)).isEqualTo(before);
  }

  @Test
  void aSmallCopyChecksEachChunkAsACardDoes() {
    DevicePtr buffer = memory.malloc(128);
    // Says 100 bytes, hands over 200: the chunk runs past the allocation, which a card's
    // aclrtMemcpy of that chunk refuses.
    HostBytes overlong =
        new Recorded(pattern(100, 1)) {
          @Override
          public void forEachChunk(ChunkSink sink) {
            sink.accept(0, ByteBuffer.wrap(pattern(200, 2)).asReadOnlyBuffer());
          }
        };

    assertThatThrownBy(() -> memory.copyAllToDevice(buffer, overlong))
        .isInstanceOfSatisfying(
            CannCallException.class,
            e -> assertThat(e.code()).isEqualTo(CannError.PARAM_INVALID.code()))
        .hasMessageContaining("200 bytes at");
  }

  @Test
  void aLargeCopyByAnInterruptedThreadCompletesAsOnACardAndLeavesTheChipUsable() {
    DevicePtr buffer = memory.malloc(2 << 20);
    byte[] first = pattern(1 << 20, 4);
    ByteBuffer direct = ByteBuffer.allocateDirect(first.length).put(first).flip();
    Recorded second = new Recorded(pattern(1 << 20, 6));

    // aclrtMemcpy is not stopped by Thread.interrupt; a file channel written by an interrupted
    // thread would be closed under it.
    Thread.currentThread().interrupt();
    try {
      memory.copyToDevice(buffer, direct);
      memory.copyAllToDevice(buffer.plus(1 << 20), second);
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt is kept for the caller").isTrue();
    }
    // And the next large copy, uninterrupted, still reaches device memory.
    memory.copyToDevice(buffer, direct.rewind());

    assertThat(read(buffer, 1 << 20)).isEqualTo(first);
    assertThat(read(buffer.plus(1 << 20), 1 << 20)).isEqualTo(second.bytes);
  }

  @Test
  void aSimulatorClosedDuringALargeCopyFailsThatCopy() {
    DevicePtr buffer = memory.malloc(1 << 20);
    Recorded closing =
        new Recorded(pattern(1 << 20, 8)) {
          @Override
          public void writeTo(Path target, long offset) {
            super.writeTo(target, offset);
            sim.close();
          }
        };

    // Each chunk of a card's copy would see the device gone; one copy through the file says so
    // when it is done, not at the next call.
    assertThatThrownBy(() -> memory.copyAllToDevice(buffer, closing))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("aclrtMemcpy called after the simulator was closed");
  }

  @Test
  void onTheSecondDieOfAChipTheCopyLandsInThatDiesMemory() {
    sim.close();
    sim = Simulator.start(SimConfig.builder().chips(2).memoryBudgetBytes(4 << 20).build());
    sim.ports().devices().setDevice(1);
    memory = sim.ports().memory();
    DevicePtr buffer = memory.malloc(2 << 20);
    Recorded src = new Recorded(pattern((1 << 20) + 3, 12));

    memory.copyAllToDevice(buffer.plus(17), src);

    assertThat(src.calls).containsExactly("writeTo");
    assertThat(read(buffer.plus(17), src.bytes.length)).isEqualTo(src.bytes);
  }
}
