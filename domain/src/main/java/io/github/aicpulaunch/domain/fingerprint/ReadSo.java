package io.github.aicpulaunch.domain.fingerprint;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.SoFile;
import io.github.aicpulaunch.domain.elf.SoFileException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/**
 * A runtime SO read the way the device will see it: the strict ELF reader and the fingerprint share
 * one open file and its header reads, and neither holds the file's bytes. With a Build-ID, nothing
 * past the headers, notes and dynamic tables is read; without one, the fingerprint hashes every
 * byte in chunks. Nothing is mapped and the file is closed before {@link #of} returns.
 *
 * <p>The bytes an upload needs come from {@link #readImage()}, on the cold path only, and are
 * checked to be the bytes that were fingerprinted.
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
   * Every byte of the file, read now into a new buffer the caller owns (read-only, position 0), for
   * an upload. The bytes are fingerprinted again and must give this SO's size and fingerprint: the
   * device names the file it writes by the fingerprint of the bytes it receives (PROTOCOL §5, §6),
   * so bytes from a file rebuilt since {@link #of} would land under a name the host does not
   * expect. With a Build-ID the check walks the headers only; without one it hashes the bytes once
   * more, which only a first upload pays.
   *
   * @throws SoFileException naming the file if it cannot be read or no longer has this size and
   *     fingerprint
   */
  public ByteBuffer readImage() {
    ByteBuffer bytes;
    try (SoFile file = SoFile.open(path)) {
      if (file.size() != size) {
        throw SoFileException.changedWhileOpening(
            path, "it had " + size + " bytes and now has " + file.size());
      }
      bytes = file.readAll();
    }
    Fingerprint now = Fingerprints.of(bytes.duplicate());
    if (!now.equals(fingerprint)) {
      throw SoFileException.changedWhileOpening(
          path, "its fingerprint was " + fingerprint + " and is now " + now);
    }
    return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
  }
}
