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

  /** Device to host: fills {@code dst} from position to limit with bytes read at {@code src}. */
  void copyFromDevice(ByteBuffer dst, DevicePtr src);
}
