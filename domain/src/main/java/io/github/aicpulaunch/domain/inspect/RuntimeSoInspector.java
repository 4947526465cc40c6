package io.github.aicpulaunch.domain.inspect;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
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
    ReadSo read = ReadSo.of(so);
    ElfInfo elf = read.elf();
    Fingerprint fingerprint = read.fingerprint();
    List<String> missing = requiredEntries.stream().filter(e -> !elf.exports(e)).toList();
    return new SoReport(
        so,
        read.size(),
        elf,
        fingerprint,
        device,
        naming.basename(fingerprint, device),
        requiredEntries,
        missing);
  }
}
