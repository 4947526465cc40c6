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
 * The launches of one {@code dispatch-through} session. Owns {@link #SLOTS} device slots, each a
 * payload buffer, a request and a DeviceArgs pointing at that request; everything that does not
 * change per launch (DeviceArgs, the 304-byte blob, one encoded request per entry and slot) is
 * built at prepare time. A launch patches {@code payload_len}, copies payload and request into the
 * next slot and launches the slot's blob, allocating nothing.
 *
 * <p>A slot is reused only after the stream was synchronised ({@link SlotRing}), so no pending
 * launch ever sees its payload overwritten.
 */
final class DispatchThroughLauncher implements TaskLauncher {
  /** Slots in the ring: launches in flight before the launcher waits for the stream. */
  static final int SLOTS = 4;

  /** The dispatcher's server entry as CANN's extend library names it (PROTOCOL §3.2). */
  static final String SERVER_KERNEL = "DynTileFwkKernelServer";

  private final DeviceMemoryPort memory;
  private final AicpuKernelLaunchPort aicpu;
  private final StreamHandle stream;
  private final SlotRing ring;
  private final DevicePtr[] payloads;
  private final DevicePtr[] requests;
  private final AicpuArgs[] blobs;
  private final ByteBuffer[][] encodedRequests;
  private final DeviceUploads owned;

  private DispatchThroughLauncher(
      LaunchContext context,
      DevicePtr[] payloads,
      DevicePtr[] requests,
      AicpuArgs[] blobs,
      ByteBuffer[][] encodedRequests,
      DeviceUploads owned) {
    this.memory = context.ports().memory();
    this.aicpu = context.ports().aicpuLaunch();
    this.stream = context.stream();
    this.ring = new SlotRing(context, SLOTS);
    this.payloads = payloads;
    this.requests = requests;
    this.blobs = blobs;
    this.encodedRequests = encodedRequests;
    this.owned = owned;
  }

  /** Allocates and fills the slots; on failure frees whatever it allocated. */
  static DispatchThroughLauncher allocate(LaunchContext context) {
    RuntimeImage image = context.image();
    DevicePtr[] payloads = new DevicePtr[SLOTS];
    DevicePtr[] requests = new DevicePtr[SLOTS];
    AicpuArgs[] blobs = new AicpuArgs[SLOTS];
    ByteBuffer[][] encoded = new ByteBuffer[SLOTS][image.entries().size()];
    DeviceUploads uploads = new DeviceUploads(context.ports().memory());
    try {
      for (int s = 0; s < SLOTS; s++) {
        payloads[s] = uploads.allocate(DispatchRequest.MAX_PAYLOAD);
        requests[s] = uploads.allocate(DispatchRequest.SIZE);
        ByteBuffer deviceArgs =
            new DispatchSlot(requests[s].address()).encodeDeviceArgs(context.physicalDevice());
        DevicePtr deviceArgsPtr = uploads.upload(deviceArgs);
        ByteBuffer blob =
            new BootstrapArgs(
                    deviceArgsPtr.address(), SERVER_KERNEL, BootstrapArgs.DISPATCHER_SO_NAME, "")
                .encode();
        blobs[s] =
            new AicpuArgs(blob, BootstrapArgs.OFFSET_SO_NAME, BootstrapArgs.OFFSET_KERNEL_NAME);
        for (int e = 0; e < encoded[s].length; e++) {
          ByteBuffer request =
              ByteBuffer.allocateDirect(DispatchRequest.SIZE).order(ByteOrder.LITTLE_ENDIAN);
          new DispatchRequest(
                  image.fingerprint(), payloads[s].address(), 1, image.entries().get(e).symbol())
              .encodeInto(request);
          encoded[s][e] = request.flip();
        }
      }
    } catch (RuntimeException failure) {
      throw uploads.rollBack(failure);
    }
    return new DispatchThroughLauncher(context, payloads, requests, blobs, encoded, uploads);
  }

  @Override
  public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
    int slot = ring.acquire();
    ByteBuffer request = encodedRequests[slot][entryIndex];
    DispatchRequest.patchPayloadLen(request, 0, payload.remaining());
    int position = payload.position();
    memory.copyToDevice(payloads[slot], payload);
    payload.position(position);
    memory.copyToDevice(requests[slot], request);
    request.position(0);
    AicpuArgs args = blobs[slot];
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
