package io.github.aicpulaunch.adapter.cann;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CANN's {@code rtLoadBinaryOption_t} (PROTOCOL 2.7) and the {@code rtLoadBinaryConfig_t} that
 * points at an array of them, the optional configuration of {@code rtsBinaryLoadFromFile}, written
 * little-endian: an option is a 4-byte {@code rtLoadBinaryOption} id and a 16-byte value union of
 * which the first 32-bit member is used ({@code isLazyLoad}, {@code magic} or {@code
 * cpuKernelMode}), with a stride of {@link #SIZE}; the config is {@code {options*; size_t numOpt}}.
 * Checked against {@code testdata/abi/load_binary_option.bin} and {@code load_binary_config.bin}.
 */
final class RtLoadBinaryOption {
  /** {@code sizeof(rtLoadBinaryOption_t)}, also the array stride (4-byte alignment). */
  static final int SIZE = 20;

  static final int OPTION_ID = 0;
  static final int VALUE = 4;

  /** {@code sizeof(rtLoadBinaryConfig_t)}. */
  static final int CONFIG_SIZE = 16;

  static final int CONFIG_OPTIONS = 0;
  static final int CONFIG_NUM_OPT = 8;

  private RtLoadBinaryOption() {}

  /** Option {@code i} of the array starting at {@code at}: the id, the value, 12 zero bytes. */
  static void write(ByteBuffer b, int at, int i, int optionId, int value) {
    int o = at + i * SIZE;
    ByteBuffer le = b.order(ByteOrder.LITTLE_ENDIAN);
    Zero.fill(le, o, SIZE);
    le.putInt(o + OPTION_ID, optionId).putInt(o + VALUE, value);
  }

  /** The {@code rtLoadBinaryConfig_t} at {@code at}. */
  static void writeConfig(ByteBuffer b, int at, long options, long numOpt) {
    b.order(ByteOrder.LITTLE_ENDIAN)
        .putLong(at + CONFIG_OPTIONS, options)
        .putLong(at + CONFIG_NUM_OPT, numOpt);
  }
}
