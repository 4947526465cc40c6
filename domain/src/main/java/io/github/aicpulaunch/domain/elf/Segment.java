package io.github.aicpulaunch.domain.elf;

import java.util.ArrayList;
import java.util.List;

/** One program header, with the offset it was read from so errors can point at it. */
record Segment(int index, long headerOffset, long type, long offset, long vaddr, long fileSize) {
  static final long PT_LOAD = 1;
  static final long PT_DYNAMIC = 2;

  /** Reads a table already checked to lie inside the image. */
  static List<Segment> table(Image image, long phoff, int phnum) {
    List<Segment> segments = new ArrayList<>(phnum);
    for (int i = 0; i < phnum; i++) {
      long at = phoff + (long) i * BuildIdNotes.PHDR_SIZE;
      segments.add(
          new Segment(
              i, at, image.u32(at), image.u64(at + 8), image.u64(at + 16), image.u64(at + 32)));
    }
    return segments;
  }

  /** Whether the virtual address is backed by this segment's file bytes. */
  boolean mapsAddress(long address) {
    return type == PT_LOAD
        && Long.compareUnsigned(address, vaddr) >= 0
        && Long.compareUnsigned(address - vaddr, fileSize) < 0;
  }

  long fileOffsetOf(long address) {
    return offset + (address - vaddr);
  }
}
