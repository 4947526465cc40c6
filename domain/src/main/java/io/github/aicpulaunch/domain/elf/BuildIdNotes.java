package io.github.aicpulaunch.domain.elf;

import java.nio.ByteBuffer;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * Finds the GNU Build-ID note through the program headers exactly as PROTOCOL §5 steps 1–3 say,
 * which is also what the dispatcher does on the device. The walk is shared by the lenient
 * fingerprint rule ({@link #leadingWord}) and the strict {@link ElfReader}; they differ only in
 * what a {@link Violations} does with an irregularity: ignore it and go on as the device would, or
 * throw.
 *
 * <p>Deliberate details, each matching the device's function:
 *
 * <ul>
 *   <li>Fields are read little-endian whatever {@code EI_DATA} says, and {@code e_machine} is not
 *       looked at: the device reads the header with a plain copy on a little-endian CPU.
 *   <li>Name and descriptor sizes are padded to 4 in 32-bit unsigned arithmetic, as the device's
 *       {@code (n + 3u) & ~3u} on a 32-bit field does: a size of {@code 0xFFFFFFFD} or more pads to
 *       0, and the walk goes on from there instead of stopping.
 *   <li>Sums that would wrap around 2^64 (a huge {@code e_phoff} or {@code p_offset}) count as
 *       "past the end": the device's check would wrap and then read outside the buffer, which is
 *       undefined behaviour, not a value the host could agree with.
 * </ul>
 */
public final class BuildIdNotes {
  static final int EHDR_SIZE = 64;
  static final int PHDR_SIZE = 56;
  static final int NHDR_SIZE = 12;
  static final long PT_NOTE = 4;
  static final long NT_GNU_BUILD_ID = 3;
  static final int ELFCLASS64 = 2;
  static final int MIN_DESCRIPTOR = 8;
  static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};
  private static final byte[] GNU_NAME = {'G', 'N', 'U', 0};

  private BuildIdNotes() {}

  /** What the walk does with an irregularity: return to go on as the device does, or throw. */
  @FunctionalInterface
  interface Violations {
    Violations IGNORE = (problem, offset) -> {};

    void report(String problem, long offset);
  }

  /** Where a qualifying note's descriptor lies in the image. */
  record Descriptor(long offset, long size) {}

  /**
   * The first 8 bytes of the GNU Build-ID read little-endian, or empty when PROTOCOL §5 falls back
   * to FNV-1a (not ELF64, no usable program headers, no qualifying note). Reads the remaining bytes
   * of {@code image} (offset 0 is its position) and touches only the ELF header, the program header
   * table and the PT_NOTE segments up to the note found. Never throws on malformed input.
   */
  public static OptionalLong leadingWord(ByteBuffer image) {
    return leadingWord(new Image(image));
  }

  /** {@link #leadingWord(ByteBuffer)} over any image. */
  static OptionalLong leadingWord(Image view) {
    if (view.size() < EHDR_SIZE || !view.startsWith(0, ELF_MAGIC) || view.u8(4) != ELFCLASS64) {
      return OptionalLong.empty();
    }
    long phoff = view.u64(32);
    int phentsize = view.u16(54);
    int phnum = view.u16(56);
    if (phoff == 0 || phentsize < PHDR_SIZE || !view.contains(phoff, (long) phnum * phentsize)) {
      return OptionalLong.empty();
    }
    Descriptor found = find(view, phoff, phnum, phentsize, Violations.IGNORE);
    return found == null ? OptionalLong.empty() : OptionalLong.of(view.u64(found.offset()));
  }

  /**
   * Walks the PT_NOTE segments of a program header table already known to lie inside the image and
   * returns the first note with type NT_GNU_BUILD_ID, name "GNU\0" and a descriptor of at least 8
   * bytes, or null.
   */
  static @Nullable Descriptor find(
      Image image, long phoff, int phnum, int phentsize, Violations violations) {
    for (int i = 0; i < phnum; i++) {
      long phdr = phoff + (long) i * phentsize;
      if (image.u32(phdr) != PT_NOTE) {
        continue;
      }
      long offset = image.u64(phdr + 8);
      long fileSize = image.u64(phdr + 32);
      if (!image.contains(offset, fileSize)) {
        violations.report(
            "PT_NOTE segment of program header "
                + i
                + " spans "
                + Long.toUnsignedString(fileSize)
                + " bytes from offset "
                + Long.toUnsignedString(offset)
                + ", past the end of the "
                + image.size()
                + "-byte image",
            phdr + 8);
        continue;
      }
      Descriptor found = walkSegment(image, offset, offset + fileSize, violations);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static @Nullable Descriptor walkSegment(
      Image image, long start, long end, Violations violations) {
    long note = start;
    while (end - note >= NHDR_SIZE) {
      long nameSize = image.u32(note);
      long descSize = image.u32(note + 4);
      long type = image.u32(note + 8);
      long name = note + NHDR_SIZE;
      if (name + padded(nameSize) + padded(descSize) > end) {
        violations.report(
            "note with namesz "
                + nameSize
                + " and descsz "
                + descSize
                + " runs past the end of its PT_NOTE segment at offset "
                + end,
            note);
      }
      long desc = name + paddedAsDevice(nameSize);
      long next = desc + paddedAsDevice(descSize);
      if (next > end) {
        return null;
      }
      if (type == NT_GNU_BUILD_ID
          && nameSize == GNU_NAME.length
          && image.startsWith(name, GNU_NAME)
          && descSize >= MIN_DESCRIPTOR) {
        // Only a descriptor size padded to 0 by the device's wrap can leave the 8 bytes outside
        // the image; the device would read past its buffer there, so nothing can agree with it.
        if (image.contains(desc, MIN_DESCRIPTOR)) {
          return new Descriptor(desc, descSize);
        }
        violations.report("Build-ID descriptor runs past the end of the image", desc);
      }
      note = next;
    }
    return null;
  }

  private static long padded(long size) {
    return (size + 3) & ~3L;
  }

  /** {@code (n + 3u) & ~3u} in 32-bit unsigned arithmetic, wrapping as the device's does. */
  private static long paddedAsDevice(long size) {
    return padded(size) & 0xFFFF_FFFFL;
  }
}
