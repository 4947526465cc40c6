package io.github.aicpulaunch.domain.inspect;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.ElfReader;
import io.github.aicpulaunch.domain.elf.SoFiles;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.Fingerprints;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import javax.inject.Inject;

/**
 * Reads a runtime SO the way the device will: validates the ELF, derives the fingerprint, names the
 * preinstall file and checks the runtime contract (the required entries are exported). Touches no
 * device. Thread-safe.
 */
public final class RuntimeSoInspector {
  private final PreinstallNaming naming;

  @Inject
  public RuntimeSoInspector(PreinstallNaming naming) {
    this.naming = naming;
  }

  /**
   * Inspects {@code so} for {@code device}.
   *
   * @throws io.github.aicpulaunch.domain.elf.ElfFormatException when the file is not a well-formed
   *     ELF64 little-endian image
   * @throws io.github.aicpulaunch.domain.elf.SoFileException when the file cannot be read
   */
  public SoReport inspect(Path so, int device, List<String> requiredEntries) {
    if (device < 0) {
      throw new IllegalArgumentException("device id must be >= 0, was " + device);
    }
    // One read-only mapping serves both readers; with a Build-ID neither touches the file's body.
    ByteBuffer image = SoFiles.mapReadOnly(so);
    ElfInfo elf = ElfReader.read(image.duplicate());
    Fingerprint fingerprint = Fingerprints.of(image.duplicate());
    List<String> missing = requiredEntries.stream().filter(e -> !elf.exports(e)).toList();
    return new SoReport(
        so,
        image.remaining(),
        elf,
        fingerprint,
        device,
        naming.basename(fingerprint, device),
        requiredEntries,
        missing);
  }
}
