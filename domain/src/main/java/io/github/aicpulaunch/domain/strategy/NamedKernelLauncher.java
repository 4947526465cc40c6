package io.github.aicpulaunch.domain.strategy;

import io.github.aicpulaunch.domain.spi.EntryPoint;
import io.github.aicpulaunch.domain.spi.LaunchContext;
import io.github.aicpulaunch.domain.spi.TaskLauncher;
import io.github.aicpulaunch.ports.in.LaunchCommand;
import io.github.aicpulaunch.ports.out.AicpuArgs;
import io.github.aicpulaunch.ports.out.AicpuKernelLaunchPort;
import io.github.aicpulaunch.ports.out.KernelType;
import io.github.aicpulaunch.ports.out.StreamHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Mode A launches that name the SO and the kernel inside the argument blob: {@code
 * rtAicpuKernelLaunchExWithArgs(type, "AST_DYN_AICPU", numBlocks, {blob, soOff, kernelOff})} with
 * blob = payload, then the SO name (the preinstall basename) and the entry name, each
 * NUL-terminated. The device hands the entry the blob's device copy, so the payload starts at the
 * entry's argument pointer.
 *
 * <p>The name bytes are encoded once, at construction; one blob buffer is reused for every launch.
 * The name offsets follow the payload, so each entry keeps the {@link AicpuArgs} of its last
 * payload length and reuses it while the length repeats: a steady stream of same-sized launches
 * copies bytes and allocates nothing. CANN copies the blob during the call, so reusing it for the
 * next launch is safe. Not thread-safe (one launcher, one thread at a time).
 */
final class NamedKernelLauncher implements TaskLauncher {
  /** The {@code opName} upstream passes on every {@code rtAicpuKernelLaunchExWithArgs} call. */
  static final String OP_NAME = "AST_DYN_AICPU";

  private final AicpuKernelLaunchPort port;
  private final KernelType kernelType;
  private final StreamHandle stream;
  private final byte[] soName;
  private final byte[][] kernelNames;
  private final ByteBuffer blob;
  // Per entry: the value handed to the port for the last payload length seen (offsets depend on
  // it).
  private final @Nullable AicpuArgs[] lastArgs;

  NamedKernelLauncher(LaunchContext context, KernelType kernelType) {
    this.port = context.ports().aicpuLaunch();
    this.kernelType = kernelType;
    this.stream = context.stream();
    this.soName = cString(context.image().preinstallName());
    List<EntryPoint> entries = context.image().entries();
    this.kernelNames = new byte[entries.size()][];
    int longest = 0;
    for (int i = 0; i < kernelNames.length; i++) {
      kernelNames[i] = cString(entries.get(i).symbol());
      longest = Math.max(longest, kernelNames[i].length);
    }
    this.lastArgs = new AicpuArgs[entries.size()];
    this.blob =
        ByteBuffer.allocateDirect(LaunchCommand.MAX_PAYLOAD + soName.length + longest)
            .order(ByteOrder.LITTLE_ENDIAN);
  }

  @Override
  public void launch(int entryIndex, ByteBuffer payload, int numBlocks) {
    int length = payload.remaining();
    if (length > LaunchCommand.MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload is " + length + " bytes; at most " + LaunchCommand.MAX_PAYLOAD + " fit");
    }
    byte[] kernelName = kernelNames[entryIndex];
    int soOffset = length;
    int kernelOffset = soOffset + soName.length;
    blob.clear();
    blob.put(0, payload, payload.position(), length);
    blob.put(soOffset, soName);
    blob.put(kernelOffset, kernelName);
    blob.limit(kernelOffset + kernelName.length);
    port.launchAicpuKernel(kernelType, OP_NAME, numBlocks, argsFor(entryIndex, soOffset), stream);
  }

  /** The entry's args for a payload of {@code soOffset} bytes; blob limit is already set. */
  private AicpuArgs argsFor(int entryIndex, int soOffset) {
    AicpuArgs last = lastArgs[entryIndex];
    if (last != null && last.soNameOffset() == soOffset) {
      return last;
    }
    AicpuArgs fresh = new AicpuArgs(blob, soOffset, soOffset + soName.length);
    lastArgs[entryIndex] = fresh;
    return fresh;
  }

  /** Nothing was registered: Mode A launches carry their names. */
  @Override
  public void release() {}

  @Override
  public void abandon() {}

  private static byte[] cString(String s) {
    byte[] text = s.getBytes(StandardCharsets.US_ASCII);
    byte[] withNul = new byte[text.length + 1];
    System.arraycopy(text, 0, withNul, 0, text.length);
    return withNul;
  }
}
