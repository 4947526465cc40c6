package io.github.aicpulaunch.ports.out;

import java.nio.ByteBuffer;

/**
 * Device memory: {@code aclrtMalloc}, {@code aclrtFree}, {@code aclrtMemcpy}. The caller owns every
 * pointer it allocates and must free it exactly once.
 */
public interface DeviceMemoryPort {
  /**
   * {@code aclrtMalloc(size, ACL_MEM_MALLOC_HUGE_FIRST)}.
   *
   * @throws io.github.aicpulaunch.ports.CannCallException 207001 when the device is out of memory
   */
  DevicePtr malloc(long size);

  /** {@code aclrtFree}. */
  void free(DevicePtr ptr);

  /** Host to device: copies {@code src} from position to limit to {@code dst}. */
  void copyToDevice(DevicePtr dst, ByteBuffer src);

  /**
   * Host to device: copies all of {@code src} to {@code dst}, byte {@code i} of it to {@code dst +
   * i}. By default one {@link #copyToDevice(DevicePtr, ByteBuffer)} per chunk, as a card needs
   * ({@code aclrtMemcpy} from a host buffer); an adapter may copy another way ({@link
   * HostBytes#writeTo}) with the same result and the same CANN errors for the destination (a range
   * outside one allocation, a device that is gone). A source that cannot produce its bytes fails as
   * it says, whichever way they are copied.
   */
  default void copyAllToDevice(DevicePtr dst, HostBytes src) {
    src.forEachChunk((offset, chunk) -> copyToDevice(offset == 0 ? dst : dst.plus(offset), chunk));
  }

  /** Device to host: fills {@code dst} from position to limit with bytes read at {@code src}. */
  void copyFromDevice(ByteBuffer dst, DevicePtr src);
}
