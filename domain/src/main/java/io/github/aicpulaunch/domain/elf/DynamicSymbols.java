package io.github.aicpulaunch.domain.elf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Lists exported functions the way the dynamic loader finds them: PT_DYNAMIC gives the addresses of
 * the symbol table (DT_SYMTAB) and string table (DT_STRTAB, DT_STRSZ), PT_LOAD segments turn the
 * addresses into file offsets, and DT_HASH (nchain) or DT_GNU_HASH (the highest chain end) gives
 * the number of symbols. Unlike the section headers, none of this can be stripped from a loadable
 * SO, and it is exactly what {@code dlsym} searches.
 */
final class DynamicSymbols {
  private static final long DT_NULL = 0;
  private static final long DT_HASH = 4;
  private static final long DT_STRTAB = 5;
  private static final long DT_SYMTAB = 6;
  private static final long DT_STRSZ = 10;
  private static final long DT_SYMENT = 11;
  private static final long DT_GNU_HASH = 0x6ffffef5L;
  private static final long DT_NEEDED = 1;
  private static final long DT_VERSYM = 0x6ffffff0L;
  private static final long DT_VERNEED = 0x6ffffffeL;
  private static final long DT_VERNEEDNUM = 0x6fffffffL;
  private static final int STT_OBJECT = 1;
  private static final int STT_COMMON = 5;
  private static final int STT_TLS = 6;
  private static final int VERNEED_SIZE = 16;
  private static final int VERNAUX_SIZE = 16;

  /** More entries than any real SO has: a loop bound that stops a hostile chain. */
  private static final int MAX_ENTRIES = 1 << 20;

  private static final int DYN_SIZE = 16;
  private static final int SYM_SIZE = 24;
  private static final int STT_FUNC = 2;
  private static final int STB_GLOBAL = 1;
  private static final int STB_WEAK = 2;
  private static final int STV_DEFAULT = 0;
  private static final int STV_PROTECTED = 3;
  private static final int SHN_UNDEF = 0;

  /** The dynamic tags the symbol table needs, and their indices in {@link #tags}' result. */
  private static final long[] TAGS = {
    DT_SYMTAB,
    DT_STRTAB,
    DT_STRSZ,
    DT_SYMENT,
    DT_HASH,
    DT_GNU_HASH,
    DT_VERSYM,
    DT_VERNEED,
    DT_VERNEEDNUM
  };

  private static final int SYMTAB = 0;
  private static final int STRTAB = 1;
  private static final int STRSZ = 2;
  private static final int SYMENT = 3;
  private static final int HASH = 4;
  private static final int GNU_HASH = 5;
  private static final int VERSYM = 6;
  private static final int VERNEED = 7;
  private static final int VERNEEDNUM = 8;

  private DynamicSymbols() {}

  /** Where the dynamic symbol and string tables are, in file offsets. */
  private record Table(
      Segment dynamic, long[] tagOffsets, long symtab, long strtab, long strsz, long count) {
    /** The string at {@code offset}; {@code at} is where the offset was read, for errors. */
    String name(Image image, long offset, String what, long at) {
      if (offset >= strsz) {
        throw new ElfFormatException(
            what + " names string offset " + offset + ", past DT_STRSZ " + strsz, at);
      }
      return image.cString(strtab + offset, strtab + strsz, what);
    }
  }

  /** The dynamic symbol table, or null when the image has no PT_DYNAMIC or no DT_SYMTAB. */
  private static @Nullable Table table(Image image, List<Segment> segments) {
    Segment dynamic = null;
    for (Segment segment : segments) {
      if (segment.type() == Segment.PT_DYNAMIC) {
        dynamic = segment;
        break;
      }
    }
    if (dynamic == null) {
      return null;
    }
    if (!image.contains(dynamic.offset(), dynamic.fileSize())) {
      throw new ElfFormatException(
          "PT_DYNAMIC segment spans "
              + Long.toUnsignedString(dynamic.fileSize())
              + " bytes from offset "
              + Long.toUnsignedString(dynamic.offset())
              + ", past the end of the "
              + image.size()
              + "-byte image",
          dynamic.headerOffset() + 8);
    }
    long[] tagOffsets = tags(image, dynamic);
    long symtabAt = tagOffsets[SYMTAB];
    if (symtabAt < 0) {
      return null;
    }
    long strtabAt = require(tagOffsets, STRTAB, "DT_STRTAB", dynamic);
    long strszAt = require(tagOffsets, STRSZ, "DT_STRSZ", dynamic);
    long symentAt = tagOffsets[SYMENT];
    if (symentAt >= 0 && image.u64(symentAt + 8) != SYM_SIZE) {
      throw new ElfFormatException(
          "DT_SYMENT is " + Long.toUnsignedString(image.u64(symentAt + 8)) + ", not 24",
          symentAt + 8);
    }
    long symtab = fileOffset(image, segments, symtabAt, "DT_SYMTAB");
    long strtab = fileOffset(image, segments, strtabAt, "DT_STRTAB");
    long strsz = image.u64(strszAt + 8);
    if (!image.contains(strtab, strsz)) {
      throw new ElfFormatException(
          "the dynamic string table of "
              + Long.toUnsignedString(strsz)
              + " bytes at offset "
              + strtab
              + " runs past the end of the image",
          strszAt + 8);
    }
    long count = symbolCount(image, segments, tagOffsets, dynamic);
    if (!image.contains(symtab, count * SYM_SIZE)) {
      throw new ElfFormatException(
          "the dynamic symbol table of "
              + count
              + " symbols at offset "
              + symtab
              + " runs past the end of the image",
          symtabAt + 8);
    }
    return new Table(dynamic, tagOffsets, symtab, strtab, strsz, count);
  }

  static List<String> exportedFunctions(Image image, List<Segment> segments) {
    Table t = table(image, segments);
    if (t == null) {
      return List.of();
    }
    Set<String> names = new LinkedHashSet<>();
    for (long i = 1; i < t.count(); i++) {
      long sym = t.symtab() + i * SYM_SIZE;
      int info = image.u8(sym + 4);
      if ((info & 0xf) != STT_FUNC || !exported(image, sym)) {
        continue;
      }
      names.add(t.name(image, image.u32(sym), "dynamic symbol " + i, sym));
    }
    return List.copyOf(names);
  }

  /** Defined, GLOBAL or WEAK, DEFAULT or PROTECTED: what {@code dlsym} can find. */
  private static boolean exported(Image image, long sym) {
    int binding = image.u8(sym + 4) >>> 4;
    int visibility = image.u8(sym + 5) & 3;
    return (binding == STB_GLOBAL || binding == STB_WEAK)
        && (visibility == STV_DEFAULT || visibility == STV_PROTECTED)
        && image.u16(sym + 6) != SHN_UNDEF;
  }

  /**
   * What the image needs from the process that loads it and what it exports besides functions: the
   * DT_NEEDED libraries, the undefined dynamic symbols with the version and library each is bound
   * to (DT_VERSYM, DT_VERNEED), every version it needs from each library, and its exported data
   * symbols.
   */
  static ElfLinkage linkage(Image image, List<Segment> segments) {
    Table t = table(image, segments);
    if (t == null) {
      return new ElfLinkage(List.of(), List.of(), List.of(), List.of());
    }
    List<String> needed = new ArrayList<>();
    long end = t.dynamic().offset() + t.dynamic().fileSize();
    for (long entry = t.dynamic().offset(); end - entry >= DYN_SIZE; entry += DYN_SIZE) {
      long tag = image.u64(entry);
      if (tag == DT_NULL) {
        break;
      }
      if (tag == DT_NEEDED) {
        needed.add(t.name(image, image.u64(entry + 8), "DT_NEEDED", entry + 8));
      }
    }
    Map<Integer, ElfLinkage.VersionNeed> byIndex = new HashMap<>();
    List<ElfLinkage.VersionNeed> versions = new ArrayList<>();
    long verneedAt = t.tagOffsets()[VERNEED];
    if (verneedAt >= 0) {
      long numAt = t.tagOffsets()[VERNEEDNUM];
      long count = numAt < 0 ? MAX_ENTRIES : Math.min(image.u64(numAt + 8), MAX_ENTRIES);
      long need = fileOffset(image, segments, verneedAt, "DT_VERNEED");
      for (long n = 0; n < count; n++) {
        String file = t.name(image, image.u32(need + 4), "a DT_VERNEED file name", need + 4);
        long aux = need + image.u32(need + 8);
        int auxCount = image.u16(need + 2);
        for (int a = 0; a < auxCount; a++) {
          ElfLinkage.VersionNeed v =
              new ElfLinkage.VersionNeed(
                  file, t.name(image, image.u32(aux + 8), "a DT_VERNEED version name", aux + 8));
          versions.add(v);
          byIndex.put(image.u16(aux + 6) & 0x7fff, v);
          long next = image.u32(aux + 12);
          if (next == 0) {
            break;
          }
          aux += next;
        }
        long next = image.u32(need + 12);
        if (next == 0) {
          break;
        }
        need += next;
      }
    }
    long versymAt = t.tagOffsets()[VERSYM];
    long versym = versymAt < 0 ? -1 : fileOffset(image, segments, versymAt, "DT_VERSYM");
    if (versym >= 0 && !image.contains(versym, t.count() * 2)) {
      throw new ElfFormatException(
          "DT_VERSYM of " + t.count() + " entries runs past the end of the image", versymAt + 8);
    }
    List<ElfLinkage.Import> imports = new ArrayList<>();
    List<String> data = new ArrayList<>();
    for (long i = 1; i < t.count(); i++) {
      long sym = t.symtab() + i * SYM_SIZE;
      int info = image.u8(sym + 4);
      int binding = info >>> 4;
      int type = info & 0xf;
      if (binding != STB_GLOBAL && binding != STB_WEAK) {
        continue;
      }
      String name = t.name(image, image.u32(sym), "dynamic symbol " + i, sym);
      if (name.isEmpty()) {
        continue;
      }
      if (image.u16(sym + 6) == SHN_UNDEF) {
        ElfLinkage.VersionNeed v =
            versym < 0 ? null : byIndex.get(image.u16(versym + 2 * i) & 0x7fff);
        imports.add(
            new ElfLinkage.Import(
                name,
                binding == STB_WEAK,
                v == null ? null : v.version(),
                v == null ? null : v.file()));
      } else if ((type == STT_OBJECT || type == STT_COMMON || type == STT_TLS)
          && exported(image, sym)) {
        data.add(name);
      }
    }
    return new ElfLinkage(needed, imports, versions, data);
  }

  /**
   * For each tag of {@link #TAGS}, the offset of its first dynamic entry up to DT_NULL or the end
   * of the segment, or -1 when there is none.
   */
  private static long[] tags(Image image, Segment dynamic) {
    long[] offsets = new long[TAGS.length];
    Arrays.fill(offsets, -1);
    long end = dynamic.offset() + dynamic.fileSize();
    for (long entry = dynamic.offset(); end - entry >= DYN_SIZE; entry += DYN_SIZE) {
      long tag = image.u64(entry);
      if (tag == DT_NULL) {
        break;
      }
      for (int i = 0; i < TAGS.length; i++) {
        if (TAGS[i] == tag && offsets[i] < 0) {
          offsets[i] = entry;
        }
      }
    }
    return offsets;
  }

  private static long require(long[] tagOffsets, int index, String name, Segment dynamic) {
    long at = tagOffsets[index];
    if (at < 0) {
      throw new ElfFormatException(
          "the dynamic section has DT_SYMTAB but no " + name, dynamic.offset());
    }
    return at;
  }

  private static long fileOffset(Image image, List<Segment> segments, long entry, String name) {
    long address = image.u64(entry + 8);
    for (Segment segment : segments) {
      if (segment.mapsAddress(address)) {
        return segment.fileOffsetOf(address);
      }
    }
    throw new ElfFormatException(
        name
            + " address 0x"
            + Long.toHexString(address)
            + " is not inside the file bytes of any PT_LOAD segment",
        entry + 8);
  }

  private static long symbolCount(
      Image image, List<Segment> segments, long[] tagOffsets, Segment dynamic) {
    long hashAt = tagOffsets[HASH];
    if (hashAt >= 0) {
      return image.u32(fileOffset(image, segments, hashAt, "DT_HASH") + 4);
    }
    long gnuHashAt = tagOffsets[GNU_HASH];
    if (gnuHashAt >= 0) {
      return gnuHashCount(image, fileOffset(image, segments, gnuHashAt, "DT_GNU_HASH"));
    }
    throw new ElfFormatException(
        "the dynamic section has neither DT_HASH nor DT_GNU_HASH, so the number of dynamic"
            + " symbols is unknown",
        dynamic.offset());
  }

  /**
   * One past the highest symbol index any DT_GNU_HASH chain reaches. Symbols below {@code
   * symoffset} are not hashed (they are the undefined ones), so the count covers every symbol
   * {@code dlsym} can find.
   */
  private static long gnuHashCount(Image image, long table) {
    long buckets = image.u32(table);
    long symOffset = image.u32(table + 4);
    long bloomWords = image.u32(table + 8);
    long bucketsAt = table + 16 + bloomWords * 8;
    if (!image.contains(bucketsAt, buckets * 4)) {
      throw new ElfFormatException(
          "DT_GNU_HASH with " + buckets + " buckets runs past the end of the image", table);
    }
    long highest = 0;
    for (long b = 0; b < buckets; b++) {
      highest = Math.max(highest, image.u32(bucketsAt + b * 4));
    }
    if (highest == 0) {
      return symOffset;
    }
    if (highest < symOffset) {
      throw new ElfFormatException(
          "a DT_GNU_HASH bucket starts at symbol " + highest + ", below symoffset " + symOffset,
          bucketsAt);
    }
    long chains = bucketsAt + buckets * 4;
    long index = highest;
    // Each step reads 4 more bytes through a bounds check, so a chain without an end bit stops
    // at the end of the image with an error instead of looping.
    while ((image.u32(chains + (index - symOffset) * 4) & 1) == 0) {
      index++;
    }
    return index + 1;
  }
}
