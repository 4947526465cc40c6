package io.github.aicpulaunch.adapter.cann;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CANN's {@code rtLaunchKernelAttr_t} (PROTOCOL 2.7) and the {@code rtKernelLaunchCfg_t} that
 * points at an array of them, written little-endian with absolute puts (the per-launch path: no
 * allocation). An attribute is a 4-byte {@code rtLaunchKernelAttrId} and a 16-byte value union
 * whose first 8 bytes carry the value (a {@code uint16_t timeout} in the low bytes, or {@code
 * timeoutUs {low, high}}), stride {@link #SIZE}; the config is {@code {attrs*; size_t numAttrs}}.
 * Checked against {@code testdata/abi/launch_kernel_attr.bin} and {@code kernel_launch_cfg.bin}.
 */
final class RtLaunchKernelAttr {
  /** {@code sizeof(rtLaunchKernelAttr_t)}, also the array stride (4-byte alignment). */
  static final int SIZE = 20;

  static final int ID = 0;
  static final int VALUE = 4;

  /** {@code sizeof(rtKernelLaunchCfg_t)}. */
  static final int CFG_SIZE = 16;

  static final int CFG_ATTRS = 0;
  static final int CFG_NUM_ATTRS = 8;

  private RtLaunchKernelAttr() {}

  /**
   * Attribute {@code i} of the array at {@code at}, written whole: the id, the value's first 8
   * bytes, 8 zero bytes.
   */
  static void write(ByteBuffer b, int at, int i, int id, long value) {
    int o = at + i * SIZE;
    b.order(ByteOrder.LITTLE_ENDIAN)
        .putInt(o + ID, id)
        .putLong(o + VALUE, value)
        .putLong(o + VALUE + 8, 0L);
  }

  /** The {@code rtKernelLaunchCfg_t} at {@code at}. */
  static void writeCfg(ByteBuffer b, int at, long attrs, long numAttrs) {
    b.order(ByteOrder.LITTLE_ENDIAN)
        .putLong(at + CFG_ATTRS, attrs)
        .putLong(at + CFG_NUM_ATTRS, numAttrs);
  }
}
