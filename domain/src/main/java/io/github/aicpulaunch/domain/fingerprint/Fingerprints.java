package io.github.aicpulaunch.domain.fingerprint;

import io.github.aicpulaunch.domain.elf.BuildIdNotes;
import io.github.aicpulaunch.domain.elf.SoFile;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Computes fingerprints by PROTOCOL §5: the first 8 Build-ID bytes read little-endian when the
 * program headers lead to a qualifying GNU Build-ID note, otherwise FNV-1a 64 over every byte.
 *
 * <p>Lenient by design: garbage, truncated or foreign input is not an error here, it just takes the
 * FNV branch, exactly as on the device. Validating the SO is {@link
 * io.github.aicpulaunch.domain.elf.ElfReader}'s job. Stateless and thread-safe.
 */
public final class Fingerprints {
  private Fingerprints() {}

  /**
   * The fingerprint of the remaining bytes of {@code image} (offset 0 is its position); the
   * position does not move. With a Build-ID, only the ELF header, the program header table and the
   * notes up to the Build-ID are read.
   */
  public static Fingerprint of(ByteBuffer image) {
    OptionalLong word = BuildIdNotes.leadingWord(image);
    if (word.isPresent()) {
      return new Fingerprint(word.getAsLong(), Fingerprint.Source.BUILD_ID);
    }
    return new Fingerprint(Fnv1a64.hash(image), Fingerprint.Source.FNV1A_64);
  }

  public static Fingerprint of(byte[] image) {
    return of(ByteBuffer.wrap(image));
  }

  /**
   * The fingerprint of a file, read with positional reads (nothing is mapped, nothing outlives the
   * call). When it has a Build-ID, only the ELF header, the program headers and the notes are read,
   * however large the file; without one, every byte is hashed in chunks.
   *
   * @throws io.github.aicpulaunch.domain.elf.SoFileException if the file cannot be read
   */
  public static Fingerprint ofFile(Path path) {
    try (SoFile file = SoFile.open(path)) {
      return of(file);
    }
  }

  /** The fingerprint of an open file, read as {@link #ofFile} does. */
  public static Fingerprint of(SoFile file) {
    OptionalLong word = file.buildIdWord();
    if (word.isPresent()) {
      return new Fingerprint(word.getAsLong(), Fingerprint.Source.BUILD_ID);
    }
    return new Fingerprint(
        file.fold(Fnv1a64.OFFSET_BASIS, Fnv1a64::update), Fingerprint.Source.FNV1A_64);
  }
}
