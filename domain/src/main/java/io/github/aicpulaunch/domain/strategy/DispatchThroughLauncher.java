package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.abi.BootstrapArgs;
import io.github.aicpulaunch.domain.abi.DispatchRequest;
import io.github.aicpulaunch.domain.abi.DispatchSlot;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
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
 * The launches of one {@code dispatch-through} session. Owns {@link #SLOTS} device slots, each one
 * buffer holding a request with the payload right behind it ({@link #PAYLOAD_OFFSET}), plus a
 * DeviceArgs pointing at that request; everything that does not change per launch (DeviceArgs, the
 * 304-byte blob, one encoded request per entry and slot) is built at prepare time. A launch
 * assembles request and payload in one host staging buffer, patches {@code payload_len}, copies
 * both to the next slot with one host-to-device copy and launches the slot's blob, allocating
 * nothing once the staging buffer has grown to the largest payload seen.
 *
 * <p>A slot is reused only after the stream was synchronised ({@link SlotRing}), so no pending
 * launch ever sees its request or payload overwritten.
 */
final class DispatchThroughLauncher implements TaskLauncher {
  /** Slots in the ring: launches in flight before the launcher waits for the stream. */
  static final int SLOTS = 4;

  /** The dispatcher's server entry as CANN's extend library names it (PROTOCOL §3.2). */
  static final String SERVER_KERNEL = "DynTileFwkKernelServer";

  /**
   * Where the payload starts in a slot: right behind the request. {@link DispatchRequest#SIZE} (96)
   * is a multiple of 32, so the payload keeps the device allocation's alignment up to 32 bytes,
   * more than any C type the entry reads from it needs.
   */
  static final int PAYLOAD_OFFSET = DispatchRequest.SIZE;

  /** Bytes of one slot's device buffer: the request and the largest payload. */
  static final int SLOT_BYTES = PAYLOAD_OFFSET + DispatchRequest.MAX_PAYLOAD;

  /** First size of the host staging buffer: the request and a typical payload. */
  private static final int INITIAL_STAGING = PAYLOAD_OFFSET + 4096;

  private final DeviceMemoryPort memory;
  private final AicpuKernelLaunchPort aicpu;
  private final StreamHandle stream;
  private final SlotRing ring;
  private final DevicePtr[] slots;
  private final AicpuArgs[] blobs;
  private final ByteBuffer[][] encodedRequests;
  private final DeviceUploads owned;
  private ByteBuffer staging = ByteBuffer.allocate(INITIAL_STAGING).order(ByteOrder.LITTLE_ENDIAN);

  private DispatchThroughLauncher(
      LaunchContext context,
      DevicePtr[] slots,
      AicpuArgs[] blobs,
      ByteBuffer[][] encodedRequests,
      DeviceUploads owned) {
    this.memory = context.ports().memory();
    this.aicpu = context.ports().aicpuLaunch();
    this.stream = context.stream();
    this.ring = new SlotRing(context, SLOTS);
    this.slots = slots;
    this.blobs = blobs;
    this.encodedRequests = encodedRequests;
    this.owned = owned;
  }

  /** Allocates and fills the slots; on failure frees whatever it allocated. */
  static DispatchThroughLauncher allocate(LaunchContext context) {
    RuntimeImage image = context.image();
    DevicePtr[] slots = new DevicePtr[SLOTS];
    AicpuArgs[] blobs = new AicpuArgs[SLOTS];
    ByteBuffer[][] encoded = new ByteBuffer[SLOTS][image.entries().size()];
    DeviceUploads uploads = new DeviceUploads(context.ports().memory());
    try {
      for (int s = 0; s < SLOTS; s++) {
        slots[s] = uploads.allocate(SLOT_BYTES);
        long request = slots[s].address();
        ByteBuffer deviceArgs =
            new DispatchSlot(request).encodeDeviceArgs(context.physicalDevice());
        DevicePtr deviceArgsPtr = uploads.upload(deviceArgs);
        ByteBuffer blob =
            new BootstrapArgs(
                    deviceArgsPtr.address(), SERVER_KERNEL, BootstrapArgs.DISPATCHER_SO_NAME, "")
                .encode();
        blobs[s] =
            new AicpuArgs(blob, BootstrapArgs.OFFSET_SO_NAME, BootstrapArgs.OFFSET_KERNEL_NAME);
        for (int e = 0; e < encoded[s].length; e++) {
          encoded[s][e] =
              new DispatchRequest(
                      image.fingerprint(),
                      request + PAYLOAD_OFFSET,
                      1,
                      image.entries().get(e).symbol())
                  .encode();
        }
      }
    } catch (RuntimeException failure) {
      throw uploads.rollBack(failure);
    }
    return new DispatchThroughLauncher(context, slots, blobs, encoded, uploads);
  }

  @Override
  public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
    int slot = ring.acquire();
    int length = payload.remaining();
    // Bounded by the largest payload: a longer one is refused by patchPayloadLen below, before
    // anything reaches the device.
    ByteBuffer staged = stagingFor(Math.min(length, DispatchRequest.MAX_PAYLOAD));
    staged.put(0, encodedRequests[slot][entryIndex], 0, DispatchRequest.SIZE);
    DispatchRequest.patchPayloadLen(staged, 0, length);
    staged.put(PAYLOAD_OFFSET, payload, payload.position(), length);
    staged.limit(PAYLOAD_OFFSET + length).position(0);
    memory.copyToDevice(slots[slot], staged);
    AicpuArgs args = blobs[slot];
    aicpu.launchAicpuKernel(
        KernelType.AICPU_KFC, NamedKernelLauncher.OP_NAME, numBlocks, args, stream);
    args.args().position(0);
    ring.advance();
  }

  /** The staging buffer, cleared, with room for the request and {@code payloadLength} bytes. */
  private ByteBuffer stagingFor(int payloadLength) {
    int need = PAYLOAD_OFFSET + payloadLength;
    if (need > staging.capacity()) {
      int grown = Math.min(SLOT_BYTES, Math.max(need, 2 * staging.capacity()));
      staging = ByteBuffer.allocate(grown).order(ByteOrder.LITTLE_ENDIAN);
    }
    return staging.clear();
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
