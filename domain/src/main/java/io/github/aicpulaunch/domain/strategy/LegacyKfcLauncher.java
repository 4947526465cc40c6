package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.abi.LegacyServerArgs;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.DeviceMemoryPort;
import io.github.aicpulaunch.ports.out.DevicePtr;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The launches of one {@code legacy-kfc} session. Owns {@link #SLOTS} device payload buffers of
 * {@link LegacyServerArgs#MAX_PAYLOAD} bytes, each with its own 304-byte blob pointing at it (built
 * once at prepare time). A launch copies the payload into the next slot, patches {@code
 * payload_len} in that slot's blob and launches it, allocating nothing; a slot is reused only after
 * the stream was synchronised ({@link SlotRing}).
 */
final class LegacyKfcLauncher implements TaskLauncher {
  /** Slots in the ring: launches in flight before the launcher waits for the stream. */
  static final int SLOTS = 4;

  private final DeviceMemoryPort memory;
  private final AicpuKernelLaunchPort aicpu;
  private final StreamHandle stream;
  private final SlotRing ring;
  private final DevicePtr[] payloads;
  private final AicpuArgs[] blobs;
  private final DeviceUploads owned;

  private LegacyKfcLauncher(
      LaunchContext context, DevicePtr[] payloads, AicpuArgs[] blobs, DeviceUploads owned) {
    this.memory = context.ports().memory();
    this.aicpu = context.ports().aicpuLaunch();
    this.stream = context.stream();
    this.ring = new SlotRing(context, SLOTS);
    this.payloads = payloads;
    this.blobs = blobs;
    this.owned = owned;
  }

  /** Allocates the payload slots and encodes their blobs; on failure frees what it allocated. */
  static LegacyKfcLauncher allocate(LaunchContext context) {
    DevicePtr[] payloads = new DevicePtr[SLOTS];
    AicpuArgs[] blobs = new AicpuArgs[SLOTS];
    DeviceUploads uploads = new DeviceUploads(context.ports().memory());
    try {
      for (int s = 0; s < SLOTS; s++) {
        payloads[s] = uploads.allocate(LegacyServerArgs.MAX_PAYLOAD);
        ByteBuffer blob =
            ByteBuffer.allocateDirect(LegacyServerArgs.SIZE).order(ByteOrder.LITTLE_ENDIAN);
        new LegacyServerArgs(payloads[s].address(), 1).encodeInto(blob);
        blobs[s] =
            new AicpuArgs(
                blob.flip(), LegacyServerArgs.OFFSET_SO_NAME, LegacyServerArgs.OFFSET_KERNEL_NAME);
      }
    } catch (RuntimeException failure) {
      throw uploads.rollBack(failure);
    }
    return new LegacyKfcLauncher(context, payloads, blobs, uploads);
  }

  @Override
  public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
    int slot = ring.acquire();
    AicpuArgs args = blobs[slot];
    LegacyServerArgs.patchPayloadLen(args.args(), 0, payload.remaining());
    int position = payload.position();
    memory.copyToDevice(payloads[slot], payload);
    payload.position(position);
    aicpu.launchAicpuKernel(
        KernelType.AICPU_KFC, NamedKernelLauncher.OP_NAME, numBlocks, args, stream);
    args.args().position(0);
    ring.advance();
  }

  /** Frees the slots, last allocated first; a buffer whose free fails is kept for a retry (F21). */
  @Override
  public void release() {
    owned.close();
  }

  /** Forgets the slots without freeing them (F20–F22). */
  @Override
  public void abandon() {
    owned.keep();
  }
}
