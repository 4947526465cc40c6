package io.github.aicpulaunch.adapter.sim;

import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * First-fit allocator over one die's region of the chip's device memory, 64-byte aligned, with byte
 * and handle accounting (F13). Offsets are relative to the region. Not thread-safe: the owning
 * {@link SimDevice} serialises calls.
 */
final class DeviceAllocator {
  static final long ALIGNMENT = 64;

  private final long capacity;

  /** Free blocks: offset to size, coalesced. */
  private final TreeMap<Long, Long> free = new TreeMap<>();

  /** Live allocations: offset to requested size. */
  private final TreeMap<Long, Long> live = new TreeMap<>();

  private long bytesInUse;

  DeviceAllocator(long capacity) {
    this.capacity = capacity;
    free.put(0L, capacity);
  }

  /** Allocates {@code size} bytes; empty when no free block is large enough. */
  OptionalLong allocate(long size) {
    long rounded = roundUp(Math.max(size, 1));
    for (Map.Entry<Long, Long> block : free.entrySet()) {
      if (block.getValue() >= rounded) {
        long offset = block.getKey();
        long rest = block.getValue() - rounded;
        free.remove(offset);
        if (rest > 0) {
          free.put(offset + rounded, rest);
        }
        live.put(offset, size);
        bytesInUse += rounded;
        return OptionalLong.of(offset);
      }
    }
    return OptionalLong.empty();
  }

  /** Frees the allocation starting at {@code offset}; false when there is none. */
  boolean release(long offset) {
    Long size = live.remove(offset);
    if (size == null) {
      return false;
    }
    long rounded = roundUp(Math.max(size, 1));
    bytesInUse -= rounded;
    long start = offset;
    long length = rounded;
    Map.Entry<Long, Long> before = free.floorEntry(offset);
    if (before != null && before.getKey() + before.getValue() == offset) {
      start = before.getKey();
      length += before.getValue();
      free.remove(before.getKey());
    }
    Long after = free.get(offset + rounded);
    if (after != null) {
      free.remove(offset + rounded);
      length += after;
    }
    free.put(start, length);
    return true;
  }

  /** Whether {@code [offset, offset + length)} lies inside one live allocation. */
  boolean covers(long offset, long length) {
    Map.Entry<Long, Long> a = live.floorEntry(offset);
    return a != null && length >= 0 && offset + length <= a.getKey() + Math.max(a.getValue(), 1);
  }

  /** Releases everything (a reset). */
  void releaseAll() {
    live.clear();
    free.clear();
    free.put(0L, capacity);
    bytesInUse = 0;
  }

  long bytesInUse() {
    return bytesInUse;
  }

  int handlesInUse() {
    return live.size();
  }

  private static long roundUp(long size) {
    return (size + ALIGNMENT - 1) & -ALIGNMENT;
  }
}
