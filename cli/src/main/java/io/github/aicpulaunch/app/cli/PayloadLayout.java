package io.github.aicpulaunch.app.cli;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Where each {@code --arg} of a launch goes: laid out like the members of a C struct (each at its
 * natural alignment, the total padded to the largest), so a kernel's {@code struct} reads them
 * where its compiler put them.
 *
 * @param args the values in order
 * @param offsets the offset of each value
 * @param size the payload's size in bytes, tail padding included
 */
record PayloadLayout(List<PayloadArg> args, List<Integer> offsets, int size) {
  PayloadLayout {
    args = List.copyOf(args);
    offsets = List.copyOf(offsets);
  }

  static PayloadLayout of(List<PayloadArg> args) {
    List<Integer> offsets = new ArrayList<>();
    int at = 0;
    int maxAlign = 1;
    for (PayloadArg a : args) {
      int align = a.type().alignment;
      maxAlign = Math.max(maxAlign, align);
      at = align(at, align);
      offsets.add(at);
      at += a.type().size;
    }
    return new PayloadLayout(args, offsets, align(at, maxAlign));
  }

  private static int align(int offset, int alignment) {
    return (offset + alignment - 1) / alignment * alignment;
  }

  /** The payload bytes, position 0, limit {@link #size()}; padding is zero. */
  ByteBuffer encode(ToLongFunction<String> address, ToLongFunction<String> bytes, int blocks) {
    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i < args.size(); i++) {
      b.position(offsets.get(i));
      args.get(i).put(b, address, bytes, blocks);
    }
    return b.clear();
  }

  /** {@code @0 ptr:x, @8 ptr:y, ... (48 bytes)}. */
  String describe() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append('@').append(offsets.get(i)).append(' ');
      sb.append(args.get(i).text());
    }
    return sb.append(" (").append(size).append(" bytes)").toString();
  }
}
