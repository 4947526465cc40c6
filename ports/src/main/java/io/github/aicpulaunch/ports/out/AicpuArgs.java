package io.github.aicpulaunch.ports.out;

import java.nio.ByteBuffer;

/**
 * What {@code rtAicpuKernelLaunchExWithArgs} receives in its {@code rtAicpuArgsEx_t}: the host
 * argument blob CANN copies to the device, and where in it the SO name and kernel name strings
 * start. The adapter lays these out in the {@code rtAicpuArgsEx_t} layout of the installed CANN.
 *
 * @param args the blob, from position to limit; CANN copies exactly these bytes
 * @param soNameOffset {@code soNameAddrOffset}: offset of the NUL-terminated SO name in the blob,
 *     or {@link #NO_NAME}
 * @param kernelNameOffset {@code kernelNameAddrOffset}: offset of the kernel name, or {@link
 *     #NO_NAME}
 */
public record AicpuArgs(ByteBuffer args, int soNameOffset, int kernelNameOffset) {
  /** Offset value meaning "no string" (CANN treats 0xFFFFFFFF as a null name pointer). */
  public static final int NO_NAME = 0xFFFFFFFF;

  public AicpuArgs {
    if (!args.hasRemaining()) {
      throw new IllegalArgumentException("the argument blob is empty");
    }
    checkOffset("soNameOffset", soNameOffset, args.remaining());
    checkOffset("kernelNameOffset", kernelNameOffset, args.remaining());
  }

  private static void checkOffset(String what, int offset, int size) {
    if (offset != NO_NAME && (offset < 0 || offset >= size)) {
      throw new IllegalArgumentException(
          what + " " + offset + " lies outside the " + size + "-byte argument blob");
    }
  }

  /** Number of bytes CANN copies ({@code argsSize}). */
  public int size() {
    return args.remaining();
  }
}
