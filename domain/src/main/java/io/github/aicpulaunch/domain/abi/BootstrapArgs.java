package io.github.aicpulaunch.domain.abi;

import java.nio.ByteBuffer;

/**
 * The 304-byte bootstrap launch blob (PROTOCOL 2.1, upstream's local struct {@code Args}): the
 * host-memory argument blob of the KFC launch that CANN copies to the device. Its first 208 bytes
 * are the kernel-args front of which only {@code device_args_ptr} is read; the three names follow
 * and {@code rtAicpuArgsEx_t} points at two of them ({@link #OFFSET_KERNEL_NAME}, {@link
 * #OFFSET_SO_NAME}).
 *
 * <p>Byte compatibility matters both ways: our host must bootstrap upstream's dispatcher, and our
 * dispatcher must accept upstream's blob (F11).
 *
 * @param deviceArgsPtr device address of the 160-byte {@link DeviceArgs}
 * @param kernelName {@code kernel_name}, at most 31 ASCII characters
 * @param soName {@code so_name}, at most 31 ASCII characters
 * @param opName {@code op_name}, at most 31 ASCII characters (upstream: empty)
 */
public record BootstrapArgs(long deviceArgsPtr, String kernelName, String soName, String opName) {
  public static final int SIZE = 304;

  /** {@code k_args.device_args_ptr}; the 40 bytes before it and 160 after it are zero. */
  public static final int OFFSET_DEVICE_ARGS_PTR = 40;

  public static final int OFFSET_KERNEL_NAME = 208;
  public static final int OFFSET_SO_NAME = 240;
  public static final int OFFSET_OP_NAME = 272;

  /** Size of each {@code char[]} name field, NUL included. */
  public static final int NAME_FIELD_SIZE = 32;

  /** The CANN-side KFC entry the bootstrap launches (not a dispatcher symbol). */
  public static final String DISPATCHER_KERNEL_NAME = "DynTileFwkKernelServerInit";

  /** CANN's preinstalled extend library that loads the dispatcher. */
  public static final String DISPATCHER_SO_NAME = "libaicpu_extend_kernels.so";

  private static final String NAME = "BootstrapArgs";

  public BootstrapArgs {
    AbiBytes.checkName(NAME + ".kernelName", kernelName, NAME_FIELD_SIZE);
    AbiBytes.checkName(NAME + ".soName", soName, NAME_FIELD_SIZE);
    AbiBytes.checkName(NAME + ".opName", opName, NAME_FIELD_SIZE);
  }

  /**
   * The blob upstream builds to bootstrap the dispatcher through {@code libaicpu_extend_kernels}.
   */
  public static BootstrapArgs forDispatcher(long deviceArgsPtr) {
    return new BootstrapArgs(deviceArgsPtr, DISPATCHER_KERNEL_NAME, DISPATCHER_SO_NAME, "");
  }

  /** A new little-endian heap buffer holding the {@link #SIZE} bytes, position 0, limit SIZE. */
  public ByteBuffer encode() {
    return AbiBytes.encode(SIZE, this::encodeInto);
  }

  /**
   * Writes the {@link #SIZE} bytes at {@code dst}'s position and advances it by SIZE (see the
   * package documentation for the buffer contract). Allocation-free.
   */
  public void encodeInto(ByteBuffer dst) {
    int at = AbiBytes.claim(dst, SIZE, NAME);
    AbiBytes.putU64(dst, at + OFFSET_DEVICE_ARGS_PTR, deviceArgsPtr);
    AbiBytes.putName(dst, at + OFFSET_KERNEL_NAME, kernelName);
    AbiBytes.putName(dst, at + OFFSET_SO_NAME, soName);
    AbiBytes.putName(dst, at + OFFSET_OP_NAME, opName);
  }

  /** Reads {@link #SIZE} bytes from {@code src}'s position; the unused front is not inspected. */
  public static BootstrapArgs decode(ByteBuffer src) {
    return AbiBytes.decode(
        src,
        SIZE,
        NAME,
        at ->
            new BootstrapArgs(
                AbiBytes.getU64(src, at + OFFSET_DEVICE_ARGS_PTR),
                AbiBytes.getName(
                    src, at + OFFSET_KERNEL_NAME, NAME_FIELD_SIZE, NAME + ".kernelName"),
                AbiBytes.getName(src, at + OFFSET_SO_NAME, NAME_FIELD_SIZE, NAME + ".soName"),
                AbiBytes.getName(src, at + OFFSET_OP_NAME, NAME_FIELD_SIZE, NAME + ".opName")));
  }
}
