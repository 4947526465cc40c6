package io.github.aicpulaunch.domain.fingerprint;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.SoFile;
import io.github.aicpulaunch.domain.elf.SoFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.function.ObjLongConsumer;

/**
 * A runtime SO read the way the device will see it: the strict ELF reader and the fingerprint share
 * one open file and its header reads, and neither holds the file's bytes. With a Build-ID, nothing
 * past the headers, notes and dynamic tables is read; without one, the fingerprint hashes every
 * byte in chunks. Nothing is mapped and the file is closed before {@link #of} returns.
 *
 * <p>The bytes an upload needs come from {@link #stream} or {@link #copyTo}, on the cold path only,
 * and are checked to be the bytes that were fingerprinted.
 *
 * @param path the file
 * @param size the file's size in bytes when it was read
 * @param elf what the strict ELF reader found
 * @param fingerprint the PROTOCOL §5 fingerprint host and dispatcher agree on
 */
public record ReadSo(Path path, long size, ElfInfo elf, Fingerprint fingerprint) {
  public ReadSo {
    if (size < 0) {
      throw new IllegalArgumentException("size must be >= 0, was " + size);
    }
  }

  /**
   * Reads {@code path}: its ELF headers and dynamic tables, and its fingerprint.
   *
   * @throws SoFileException when the file cannot be read
   * @throws io.github.aicpulaunch.domain.elf.ElfFormatException when it is not a well-formed ELF64
   *     little-endian image
   */
  public static ReadSo of(Path path) {
    try (SoFile file = SoFile.open(path)) {
      ElfInfo elf = file.readElf();
      return new ReadSo(path, file.size(), elf, Fingerprints.of(file));
    }
  }

  /**
   * Hands the file's bytes for an upload to {@code sink} (each chunk, read-only and valid only
   * during the call, with the offset of its first byte), through one pooled 256 KiB buffer, and
   * checks that they are the bytes of this SO: the device names the file it writes by the
   * fingerprint of the bytes it receives (PROTOCOL §5, §6), so bytes from a file rebuilt since
   * {@link #of} would land under a name the host does not expect. It reads one open file
   * descriptor, checks its size before the first chunk, and after the last one checks the
   * fingerprint: the Build-ID read again from the same descriptor, or without one FNV-1a over the
   * bytes just handed over (no second pass over the file). Nothing holds a copy of the whole file.
   *
   * <p>Throws {@link SoFileException} naming the file if it cannot be read or no longer has this
   * size and fingerprint; with a rebuild during the pass, after some chunks were handed over.
   */
  public void stream(ObjLongConsumer<ByteBuffer> sink) {
    try (SoFile file = openUnchanged()) {
      boolean hashed = hashed();
      long[] offset = {0};
      long fnv =
          file.fold(
              Fnv1a64.OFFSET_BASIS,
              (state, chunk) -> {
                long next = hashed ? Fnv1a64.update(state, chunk) : state;
                int length = chunk.remaining();
                sink.accept(chunk.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN), offset[0]);
                offset[0] += length;
                return next;
              });
      requireFingerprint(
          hashed ? new Fingerprint(fnv, Fingerprint.Source.FNV1A_64) : Fingerprints.of(file));
    }
  }

  /**
   * Whether the bytes' check needs to see every byte ({@link #stream} hashes them on the way): an
   * SO without a Build-ID, fingerprinted with FNV-1a. One with a Build-ID can be copied by {@link
   * #copyTo} without passing through the host.
   */
  public boolean hashed() {
    return fingerprint.source() == Fingerprint.Source.FNV1A_64;
  }

  /**
   * Copies the file's bytes into the existing file {@code target}, the first at byte {@code
   * offset}, in the kernel ({@link SoFile#copyTo}), with the checks of {@link #stream}: from one
   * open descriptor whose size is checked first and whose Build-ID is read again afterwards. Throws
   * {@link SoFileException} naming the file if it cannot be opened or no longer has this size and
   * fingerprint (the last after the bytes were written).
   *
   * @throws IllegalStateException for an SO without a Build-ID ({@link #hashed()}): FNV-1a must see
   *     the bytes, so those go through {@link #stream}
   * @throws java.io.UncheckedIOException naming both files if {@code target} cannot be opened or
   *     the copy fails (the kernel does not say which side)
   */
  public void copyTo(Path target, long offset) {
    if (hashed()) {
      throw new IllegalStateException(
          path + " has no Build-ID: its bytes are checked by hashing them, through stream()");
    }
    try (SoFile file = openUnchanged()) {
      file.copyTo(target, offset);
      requireFingerprint(Fingerprints.of(file));
    }
  }

  private SoFile openUnchanged() {
    SoFile file = SoFile.open(path);
    if (file.size() != size) {
      long now = file.size();
      file.close();
      throw SoFileException.changedWhileOpening(
          path, "it had " + size + " bytes and now has " + now);
    }
    return file;
  }

  private void requireFingerprint(Fingerprint now) {
    if (!now.equals(fingerprint)) {
      throw SoFileException.changedWhileOpening(
          path, "its fingerprint was " + fingerprint + " and is now " + now);
    }
  }
}
