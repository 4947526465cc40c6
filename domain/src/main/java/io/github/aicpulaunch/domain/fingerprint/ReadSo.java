package io.github.aicpulaunch.domain.fingerprint;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.ElfReader;
import io.github.aicpulaunch.domain.elf.SoFiles;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A runtime SO read the way the device will see it: one read-only mapping serves the strict ELF
 * reader and the fingerprint, so neither maps the file again and, with a Build-ID, neither touches
 * its body.
 *
 * @param path the file
 * @param image the whole mapped file, position 0; callers take {@link ByteBuffer#duplicate()}s
 * @param elf what the strict ELF reader found
 * @param fingerprint the PROTOCOL §5 fingerprint host and dispatcher agree on
 */
public record ReadSo(Path path, ByteBuffer image, ElfInfo elf, Fingerprint fingerprint) {
  /**
   * Maps and reads {@code path}.
   *
   * @throws io.github.aicpulaunch.domain.elf.SoFileException when the file cannot be mapped
   * @throws io.github.aicpulaunch.domain.elf.ElfFormatException when it is not a well-formed ELF64
   *     little-endian image
   */
  public static ReadSo of(Path path) {
    ByteBuffer image = SoFiles.mapReadOnly(path);
    return new ReadSo(
        path, image, ElfReader.read(image.duplicate()), Fingerprints.of(image.duplicate()));
  }

  /** The file's size in bytes. */
  public long size() {
    return image.remaining();
  }
}
