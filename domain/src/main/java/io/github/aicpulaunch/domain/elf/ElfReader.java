package io.github.aicpulaunch.domain.elf;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Strict reader of ELF64 little-endian images: every header it follows is checked against the image
 * before it is read, and anything malformed is refused with an {@link ElfFormatException} naming
 * the problem and its offset. It never throws an index or allocation error of its own and never
 * allocates more than the image could hold.
 *
 * <p>What it checks: the magic, ELFCLASS64, little-endian data, EI_VERSION 1; a program header
 * table of 56-byte entries inside the image; every PT_NOTE segment it walks and every note in it,
 * up to the Build-ID (the walk of PROTOCOL §5, shared with the fingerprint); the dynamic section,
 * symbol table, hash table and string table (see {@link DynamicSymbols}). It does not reject a
 * machine or a type: callers compare {@link ElfInfo#machine()} and {@link ElfInfo#type()} with what
 * the device needs.
 *
 * <p>Stateless and thread-safe.
 */
public final class ElfReader {
  /** A Build-ID is a hash: 20 bytes for SHA-1. Anything beyond this is not a Build-ID. */
  public static final int MAX_BUILD_ID = 1024;

  private static final int ELFCLASS32 = 1;
  private static final int ELFDATA2LSB = 1;
  private static final int ELFDATA2MSB = 2;
  private static final int EV_CURRENT = 1;
  private static final String REBUILD_64 =
      "Rebuild it for a 64-bit target: aarch64 for a card, x86-64 for the simulator.";
  private static final BuildIdNotes.Violations STRICT =
      (problem, offset) -> {
        throw new ElfFormatException(problem, offset);
      };

  private ElfReader() {}

  /**
   * Reads the remaining bytes of {@code buffer} (offset 0 is its position) without moving its
   * position.
   *
   * @throws ElfFormatException if the image is not a well-formed ELF64 little-endian object
   */
  public static ElfInfo read(ByteBuffer buffer) {
    return read(new Image(buffer));
  }

  /**
   * Reads {@code path} with positional reads of the pages holding the headers, notes and dynamic
   * tables only (see {@link SoFile}); maps nothing.
   *
   * @throws SoFileException if the file cannot be read
   * @throws ElfFormatException naming the path, if the file is not a well-formed ELF64 object
   */
  public static ElfInfo read(Path path) {
    try (SoFile file = SoFile.open(path)) {
      return file.readElf();
    } catch (ElfFormatException e) {
      throw e.from(path.toString());
    }
  }

  /**
   * Reads what {@code path} needs from the process that loads it: DT_NEEDED, the undefined symbols
   * and their versions, the version needs and the exported data symbols. Checks the image as {@link
   * #read(Path)} does.
   *
   * @throws SoFileException if the file cannot be read
   * @throws ElfFormatException naming the path, if the file is not a well-formed ELF64 object
   */
  public static ElfLinkage readLinkage(Path path) {
    try (SoFile file = SoFile.open(path)) {
      return file.readLinkage();
    } catch (ElfFormatException e) {
      throw e.from(path.toString());
    }
  }

  /** {@link #readLinkage(Path)} over the remaining bytes of {@code buffer}. */
  public static ElfLinkage readLinkage(ByteBuffer buffer) {
    return readLinkage(new Image(buffer));
  }

  static ElfLinkage readLinkage(Image image) {
    checkIdent(image);
    long phoff = image.u64(32);
    int phentsize = image.u16(54);
    int phnum = image.u16(56);
    if (phnum > 0) {
      checkProgramHeaderTable(image, phoff, phentsize, phnum);
    }
    return DynamicSymbols.linkage(image, Segment.table(image, phoff, phnum));
  }

  static ElfInfo read(Image image) {
    checkIdent(image);
    int type = image.u16(16);
    int machine = image.u16(18);
    long phoff = image.u64(32);
    int phentsize = image.u16(54);
    int phnum = image.u16(56);
    if (phnum > 0) {
      checkProgramHeaderTable(image, phoff, phentsize, phnum);
    }
    List<Segment> segments = Segment.table(image, phoff, phnum);
    Optional<BuildId> buildId = buildId(image, phoff, phnum);
    List<String> exported = DynamicSymbols.exportedFunctions(image, segments);
    return new ElfInfo(
        BuildIdNotes.ELFCLASS64,
        ELFDATA2LSB,
        type,
        machine,
        ElfInfo.machineName(machine),
        buildId,
        exported);
  }

  private static void checkIdent(Image image) {
    byte[] magic = BuildIdNotes.ELF_MAGIC;
    for (int i = 0; i < magic.length && i < image.size(); i++) {
      if (image.u8(i) != Byte.toUnsignedInt(magic[i])) {
        throw new ElfFormatException(
            String.format(
                "not an ELF image: byte %d is 0x%02x where the magic 7f 45 4c 46 has 0x%02x",
                i, image.u8(i), magic[i]),
            i,
            "Pass the runtime SO itself (a .so file), not a source file, archive or script.");
      }
    }
    if (image.size() < BuildIdNotes.EHDR_SIZE) {
      throw new ElfFormatException(
          "the image ends after " + image.size() + " bytes, inside the 64-byte ELF64 header",
          image.size());
    }
    int elfClass = image.u8(4);
    if (elfClass == ELFCLASS32) {
      throw new ElfFormatException(
          "EI_CLASS is 1 (ELFCLASS32), a 32-bit object; only 64-bit objects (ELFCLASS64) run",
          4,
          REBUILD_64);
    }
    if (elfClass != BuildIdNotes.ELFCLASS64) {
      throw new ElfFormatException("EI_CLASS is " + elfClass + ", not 2 (ELFCLASS64)", 4);
    }
    int data = image.u8(5);
    if (data == ELFDATA2MSB) {
      throw new ElfFormatException(
          "EI_DATA is 2 (ELFDATA2MSB), a big-endian object; only little-endian objects run",
          5,
          "Rebuild it for a little-endian target: aarch64 (not aarch64_be) or x86-64.");
    }
    if (data != ELFDATA2LSB) {
      throw new ElfFormatException("EI_DATA is " + data + ", not 1 (ELFDATA2LSB)", 5);
    }
    int version = image.u8(6);
    if (version != EV_CURRENT) {
      throw new ElfFormatException("EI_VERSION is " + version + ", not 1 (EV_CURRENT)", 6);
    }
  }

  private static void checkProgramHeaderTable(Image image, long phoff, int phentsize, int phnum) {
    if (phentsize != BuildIdNotes.PHDR_SIZE) {
      throw new ElfFormatException(
          "e_phentsize is " + phentsize + ", not 56 (sizeof(Elf64_Phdr))", 54);
    }
    if (phoff == 0 || !image.contains(phoff, (long) phnum * phentsize)) {
      throw new ElfFormatException(
          "the program header table of "
              + phnum
              + " entries of 56 bytes at e_phoff "
              + Long.toUnsignedString(phoff)
              + " does not lie inside the "
              + image.size()
              + "-byte image",
          32);
    }
  }

  private static Optional<BuildId> buildId(Image image, long phoff, int phnum) {
    BuildIdNotes.Descriptor found =
        BuildIdNotes.find(image, phoff, phnum, BuildIdNotes.PHDR_SIZE, STRICT);
    if (found == null) {
      return Optional.empty();
    }
    if (found.size() > MAX_BUILD_ID) {
      throw new ElfFormatException(
          "the Build-ID note's descriptor has "
              + found.size()
              + " bytes, more than the "
              + MAX_BUILD_ID
              + " a Build-ID can have",
          found.offset());
    }
    return Optional.of(new BuildId(image.copy(found.offset(), (int) found.size())));
  }
}
