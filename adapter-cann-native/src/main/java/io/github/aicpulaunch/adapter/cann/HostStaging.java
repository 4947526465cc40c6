package io.github.aicpulaunch.adapter.cann;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import java.nio.ByteBuffer;

/**
 * A growable native buffer that carries bytes between a Java {@link ByteBuffer} and a C call, so a
 * hot call copies instead of allocating. It grows (at least doubling) only when a call needs more
 * than it holds; its address is stable between growths.
 *
 * <p>Owned by one thread (its holders keep it in a {@link ThreadLocal}); JNA's cleaner frees the
 * memory once the holder is gone. Valid for one C call at a time: the callee must be done with it
 * when the call returns (CANN copies argument blobs during the call; {@code aclrtMemcpy} is
 * synchronous).
 */
final class HostStaging {
  /**
   * The largest {@code aclrtMemcpy} that goes through staging. A larger copy (a runtime SO upload,
   * megabytes, once per SO and device) goes from its own direct buffer or through native memory of
   * its own, freed when the copy returns, so a thread that once uploaded a runtime SO does not keep
   * its size in staging for the rest of its life. Launch blobs are bounded far below this.
   */
  static final int MAX_KEPT_BYTES = 1 << 20;

  private Memory memory;
  private ByteBuffer view;
  private long address;

  HostStaging(int initialBytes) {
    memory = new Memory(initialBytes);
    view = memory.getByteBuffer(0, memory.size());
    address = Pointer.nativeValue(memory);
  }

  /** Copies {@code src} from position to limit to the start of the buffer; returns its address. */
  long copyIn(ByteBuffer src) {
    int n = src.remaining();
    reserve(n);
    view.put(0, src, src.position(), n);
    return address;
  }

  /** The address of at least {@code n} bytes, growing the buffer first when needed. */
  long reserve(int n) {
    if (n > memory.size()) {
      memory = new Memory(Math.max(n, memory.size() * 2));
      view = memory.getByteBuffer(0, memory.size());
      address = Pointer.nativeValue(memory);
    }
    return address;
  }

  /**
   * Copies the first {@code dst.remaining()} bytes of the buffer into {@code dst} at its position.
   */
  void copyOut(ByteBuffer dst) {
    dst.put(dst.position(), view, 0, dst.remaining());
  }

  /** Bytes the buffer holds now. */
  long capacity() {
    return memory.size();
  }
}
