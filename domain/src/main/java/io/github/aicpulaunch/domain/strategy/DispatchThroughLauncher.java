package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.abi.BootstrapArgs;
import io.github.aicpulaunch.domain.abi.DispatchRequest;
import io.github.aicpulaunch.domain.abi.DispatchSlot;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.RuntimeImage;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.DispatchThroughRefusedException;
import io.github.aicpulaunch.ports.DispatcherCode;
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
 *
 * <p>Before the first launch, {@link #allocate} sends one handshake: a ping request (the session's
 * first entry, flag {@link DispatchRequest#FLAG_PING}: the dispatcher checks the request, opens the
 * runtime and resolves the entry, but calls nothing), synchronises and reads the request's
 * acknowledgement word back (docs/ABI.md "Acknowledgement"). Anything but {@link
 * DispatchRequest#ACK} refuses the session with {@link DispatchThroughRefusedException}: a
 * dispatcher that does not answer is not this project's (upstream's stub, another library's, an
 * older build), and every launch through it would report success without running. The latch does
 * not change for the life of the device's AICPU process, so one handshake per session suffices.
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
      handshake(context, slots[0], blobs[0], encoded[0][0]);
    } catch (RuntimeException failure) {
      throw uploads.rollBack(failure);
    }
    return new DispatchThroughLauncher(context, slots, blobs, encoded, uploads);
  }

  /** The ping of slot 0 (its first entry's request); refuses unless the dispatcher acknowledges. */
  private static void handshake(
      LaunchContext context, DevicePtr slot, AicpuArgs blob, ByteBuffer encodedRequest) {
    DeviceMemoryPort memory = context.ports().memory();
    ByteBuffer ping = ByteBuffer.allocate(PAYLOAD_OFFSET + 1).order(ByteOrder.LITTLE_ENDIAN);
    ping.put(0, encodedRequest, 0, DispatchRequest.SIZE);
    DispatchRequest.patchFlags(ping, 0, DispatchRequest.FLAG_PING);
    memory.copyToDevice(slot, ping);
    context
        .ports()
        .aicpuLaunch()
        .launchAicpuKernel(
            KernelType.AICPU_KFC, NamedKernelLauncher.OP_NAME, 1, blob, context.stream());
    blob.args().position(0);
    RuntimeException failed = null;
    try {
      context
          .ports()
          .streams()
          .synchronize(
              context.stream(),
              (int) Math.min(Integer.MAX_VALUE, context.timeouts().streamSync().toMillis()));
    } catch (CannCallException e) {
      failed = e;
    }
    ByteBuffer ack = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
    try {
      memory.copyFromDevice(ack, new DevicePtr(slot.address() + DispatchRequest.OFFSET_ACK));
    } catch (RuntimeException e) {
      if (failed != null) {
        failed.addSuppressed(e);
        throw failed;
      }
      throw e;
    }
    long answer = ack.getInt(0) & 0xFFFF_FFFFL;
    if (answer == DispatchRequest.ACK && failed == null) {
      return;
    }
    String entry = context.image().entries().get(0).symbol();
    String where =
        "dispatch-through cannot run "
            + context.image().path().getFileName()
            + " on device "
            + context.logicalDevice()
            + ": ";
    DispatcherCode code = DispatcherCode.of(answer).orElse(null);
    if (code != null) {
      throw new DispatchThroughRefusedException(
          where + "the dispatcher refused the handshake for " + entry + " with " + code.describe(),
          refusalHint(code, entry),
          code,
          failed);
    }
    throw new DispatchThroughRefusedException(
        where
            + "the dispatcher that CANN's KFC library holds on this device did not answer the"
            + " handshake"
            + (failed == null ? " (its server entry returned 0 without acknowledging)" : "")
            + ": it is not this project's dispatcher (upstream's, another library's, or an older"
            + " build latched first), so no launch through it would run anything",
        "Use --launch rts-json or direct-aicpu, which reach the runtime without the latched"
            + " dispatcher, or run dispatch-through in a process where this project's dispatcher"
            + " is the first SO bootstrapped on the device.",
        null,
        failed);
  }

  private static String refusalHint(DispatcherCode code, String entry) {
    return switch (code) {
      case RUNTIME_OPEN ->
          "The runtime SO does not load on the device; the device log has dlerror(). Link it"
              + " against nothing but what the AICPU OS provides (docs/ABI.md \"Device"
              + " environment\"), define every variable it references, and rebuild.";
      case UNKNOWN_ENTRY ->
          "The runtime SO on the device does not export "
              + entry
              + ": the SO and the entries you declared come from different builds (F12).";
      case UNKNOWN_FINGERPRINT ->
          "The latched dispatcher never published this runtime for this device: another"
              + " dispatcher instance holds it; open the session in a new process.";
      default ->
          "The dispatcher's log line (device log, [aicpu-dispatcher]) names the value it"
              + " refused; the host and dispatcher builds may differ.";
    };
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
