package io.github.aicpulaunch.domain.elf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-only writer of small ELF64 little-endian images, laid out from the ELF specification (not
 * from the reader under test): header at 0, program headers at 64 ({@code [PT_LOAD, PT_NOTE?,
 * PT_DYNAMIC?]}), then the note segment, then .dynsym, .dynstr, the hash table and .dynamic. One
 * PT_LOAD maps the whole file at virtual address = file offset. Tests mutate the bytes it returns
 * through the offsets it reports.
 */
public final class ElfImageBuilder {
  public static final int EHDR = 64;
  public static final int PHDR = 56;
  public static final int PHOFF = 64;
  public static final int STT_FUNC = 2;
  public static final int STT_OBJECT = 1;
  public static final int STB_LOCAL = 0;
  public static final int STB_GLOBAL = 1;
  public static final int STB_WEAK = 2;
  public static final int STV_DEFAULT = 0;
  public static final int STV_HIDDEN = 2;
  public static final int STV_PROTECTED = 3;

  private int machine = 62;
  private int type = 3;
  private final List<byte[]> notes = new ArrayList<>();
  private final List<Sym> symbols = new ArrayList<>();
  private boolean gnuHash;

  private record Sym(String name, int info, int other, int shndx) {}

  /** The offsets of the parts of one built image. */
  public record Built(
      byte[] bytes,
      int noteOffset,
      int noteSize,
      int notePhdr,
      int dynamicPhdr,
      int dynsymOffset,
      int dynstrOffset,
      int dynstrSize,
      int hashOffset,
      int dynamicOffset) {
    /** A fresh copy each call, so a test can mutate it. */
    @Override
    public byte[] bytes() {
      return bytes.clone();
    }

    public ByteBuffer buffer() {
      return ByteBuffer.wrap(bytes.clone());
    }
  }

  public ElfImageBuilder machine(int value) {
    machine = value;
    return this;
  }

  public ElfImageBuilder type(int value) {
    type = value;
    return this;
  }

  /** Adds a GNU Build-ID note (type 3, name "GNU\0"). */
  public ElfImageBuilder buildId(byte[] descriptor) {
    return note(3, "GNU\0".getBytes(StandardCharsets.US_ASCII), descriptor);
  }

  /** Adds a note with the given type, name bytes (NUL included if wanted) and descriptor. */
  public ElfImageBuilder note(int noteType, byte[] name, byte[] descriptor) {
    ByteBuffer note =
        le(12 + pad4(name.length) + pad4(descriptor.length))
            .putInt(name.length)
            .putInt(descriptor.length)
            .putInt(noteType);
    note.put(name).position(12 + pad4(name.length));
    note.put(descriptor);
    notes.add(note.array());
    return this;
  }

  /** A defined, global, default-visibility function: what {@code dlsym} finds. */
  public ElfImageBuilder function(String name) {
    return symbol(name, STT_FUNC, STB_GLOBAL, STV_DEFAULT, 1);
  }

  public ElfImageBuilder symbol(String name, int symType, int binding, int visibility, int shndx) {
    symbols.add(new Sym(name, (binding << 4) | symType, visibility, shndx));
    return this;
  }

  /** Sizes the symbol table with DT_GNU_HASH instead of DT_HASH. */
  public ElfImageBuilder gnuHash() {
    gnuHash = true;
    return this;
  }

  public Built build() {
    int phnum = 1 + (notes.isEmpty() ? 0 : 1) + (symbols.isEmpty() ? 0 : 1);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    int cursor = PHOFF + phnum * PHDR;

    int noteOffset = cursor;
    for (byte[] note : notes) {
      body.writeBytes(note);
    }
    int noteSize = body.size();
    cursor += noteSize;

    int dynsymOffset = 0;
    int dynstrOffset = 0;
    int dynstrSize = 0;
    int hashOffset = 0;
    int dynamicOffset = 0;
    int dynamicSize = 0;
    if (!symbols.isEmpty()) {
      ByteArrayOutputStream strings = new ByteArrayOutputStream();
      strings.write(0);
      int count = symbols.size() + 1;
      ByteBuffer dynsym = le(count * 24);
      dynsym.position(24); // symbol 0 is the null symbol
      for (Sym sym : symbols) {
        dynsym.putInt(strings.size()).put((byte) sym.info).put((byte) sym.other);
        dynsym.putShort((short) sym.shndx).putLong(sym.shndx == 0 ? 0 : 0x1000).putLong(16);
        strings.writeBytes(sym.name.getBytes(StandardCharsets.UTF_8));
        strings.write(0);
      }
      dynsymOffset = cursor;
      body.writeBytes(dynsym.array());
      cursor += dynsym.capacity();
      dynstrOffset = cursor;
      dynstrSize = strings.size();
      body.writeBytes(strings.toByteArray());
      cursor += dynstrSize;
      int align = pad8(cursor) - cursor;
      body.writeBytes(new byte[align]);
      cursor += align;
      hashOffset = cursor;
      byte[] hash = gnuHash ? gnuHashTable(count) : sysvHashTable(count);
      body.writeBytes(hash);
      cursor += hash.length;
      dynamicOffset = cursor;
      ByteBuffer dynamic = le(6 * 16);
      dynamic.putLong(gnuHash ? 0x6ffffef5L : 4).putLong(hashOffset);
      dynamic.putLong(5).putLong(dynstrOffset);
      dynamic.putLong(6).putLong(dynsymOffset);
      dynamic.putLong(10).putLong(dynstrSize);
      dynamic.putLong(11).putLong(24);
      dynamic.putLong(0).putLong(0);
      dynamicSize = dynamic.capacity();
      body.writeBytes(dynamic.array());
      cursor += dynamicSize;
    }

    ByteBuffer image = le(cursor);
    image.put(new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
    image.position(16);
    image.putShort((short) type).putShort((short) machine).putInt(1);
    image.putLong(0); // e_entry
    image.putLong(PHOFF).putLong(0); // e_phoff, e_shoff
    image.putInt(0).putShort((short) EHDR).putShort((short) PHDR).putShort((short) phnum);
    image.putShort((short) 64).putShort((short) 0).putShort((short) 0);

    int notePhdr = -1;
    int dynamicPhdr = -1;
    int phdr = PHOFF;
    phdr(image, phdr, 1, 0, cursor, 0x1000);
    phdr += PHDR;
    if (!notes.isEmpty()) {
      notePhdr = phdr;
      phdr(image, phdr, 4, noteOffset, noteSize, 4);
      phdr += PHDR;
    }
    if (!symbols.isEmpty()) {
      dynamicPhdr = phdr;
      phdr(image, phdr, 2, dynamicOffset, dynamicSize, 8);
    }
    image.position(PHOFF + phnum * PHDR);
    image.put(body.toByteArray());
    return new Built(
        image.array(),
        noteOffset,
        noteSize,
        notePhdr,
        dynamicPhdr,
        dynsymOffset,
        dynstrOffset,
        dynstrSize,
        hashOffset,
        dynamicOffset);
  }

  private static void phdr(
      ByteBuffer image, int at, int ptype, long offset, long size, long align) {
    image.position(at);
    image.putInt(ptype).putInt(4).putLong(offset).putLong(offset).putLong(offset);
    image.putLong(size).putLong(size).putLong(align);
  }

  /** One bucket holding every symbol, chained downwards: nbucket 1, nchain = count. */
  private static byte[] sysvHashTable(int count) {
    ByteBuffer hash = le(8 + 4 + count * 4).putInt(1).putInt(count).putInt(count - 1);
    hash.putInt(0);
    for (int i = 1; i < count; i++) {
      hash.putInt(i - 1);
    }
    return hash.array();
  }

  /** One bucket starting at symbol 1, one all-ones bloom word, end bit on the last chain entry. */
  private byte[] gnuHashTable(int count) {
    ByteBuffer hash = le(16 + 8 + 4 + (count - 1) * 4);
    hash.putInt(1).putInt(1).putInt(1).putInt(6).putLong(-1L).putInt(1);
    for (int i = 1; i < count; i++) {
      int h = gnuHashOf(symbols.get(i - 1).name) & ~1;
      hash.putInt(i == count - 1 ? h | 1 : h);
    }
    return hash.array();
  }

  private static int gnuHashOf(String name) {
    int h = 5381;
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      h = h * 33 + Byte.toUnsignedInt(b);
    }
    return h;
  }

  public static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static int pad4(int n) {
    return (n + 3) & ~3;
  }

  private static int pad8(int n) {
    return (n + 7) & ~7;
  }

  /**
   * A runtime exporting {@code simpler_aicpu_exec} with a 20-byte Build-ID of bytes {@code
   * firstIdByte, firstIdByte + 1, ...}; the same size for every {@code firstIdByte}, so a test can
   * "rebuild" it in place without changing its size.
   */
  public static byte[] runtimeWithBuildId(int firstIdByte) {
    return new ElfImageBuilder()
        .buildId(sequence(firstIdByte, 20))
        .function("simpler_aicpu_exec")
        .build()
        .bytes();
  }

  /** Bytes {@code 0x10, 0x11, ...} of the given length: the upstream unit test's Build-ID. */
  public static byte[] sequence(int first, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = (byte) (first + i);
    }
    return out;
  }
}
