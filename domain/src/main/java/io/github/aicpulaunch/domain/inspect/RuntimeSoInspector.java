package io.github.aicpulaunch.domain.inspect;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.ElfLinkage;
import io.github.aicpulaunch.domain.elf.ElfReader;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import io.github.aicpulaunch.domain.fingerprint.ReadSo;
import io.github.aicpulaunch.domain.naming.PreinstallNaming;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.inject.Inject;

/**
 * Reads a runtime SO the way the device will: validates the ELF, derives the fingerprint, names the
 * preinstall file and checks the runtime contract: the required entries are exported as functions,
 * every symbol it needs is one a card's AICPU process can bind, and no glibc version it needs is
 * newer than the card's ({@link CardEnvironment}). Touches no device. Thread-safe.
 */
public final class RuntimeSoInspector {
  private final PreinstallNaming naming;

  @Inject
  public RuntimeSoInspector(PreinstallNaming naming) {
    this.naming = naming;
  }

  /** {@link #inspect(Path, int, List, CardEnvironment)} with {@link CardEnvironment#defaults()}. */
  public SoReport inspect(Path so, int device, List<String> requiredEntries) {
    return inspect(so, device, requiredEntries, CardEnvironment.defaults());
  }

  /**
   * Inspects {@code so} for {@code device} against what {@code card} provides.
   *
   * @throws io.github.aicpulaunch.domain.elf.ElfFormatException when the file is not a well-formed
   *     ELF64 little-endian image
   * @throws io.github.aicpulaunch.domain.elf.SoFileException when the file cannot be read
   */
  public SoReport inspect(Path so, int device, List<String> requiredEntries, CardEnvironment card) {
    if (device < 0) {
      throw new IllegalArgumentException("device id must be >= 0, was " + device);
    }
    ReadSo read = ReadSo.of(so);
    ElfInfo elf = read.elf();
    ElfLinkage linkage = ElfReader.readLinkage(so);
    Fingerprint fingerprint = read.fingerprint();
    List<String> missing = new ArrayList<>();
    List<String> asData = new ArrayList<>();
    for (String e : requiredEntries) {
      if (linkage.exportedData().contains(e)) {
        asData.add(e);
      } else if (!elf.exports(e)) {
        missing.add(e);
      }
    }
    List<String> foreign =
        linkage.needed().stream().filter(n -> !card.libraries().contains(n)).toList();
    List<ElfLinkage.Import> unresolved = new ArrayList<>();
    for (ElfLinkage.Import i : linkage.imports()) {
      boolean fromCardLibrary = i.library() != null && card.libraries().contains(i.library());
      if (!i.weak() && !fromCardLibrary && !card.deviceSymbols().contains(i.name())) {
        unresolved.add(i);
      }
    }
    Set<String> tooNew = new LinkedHashSet<>();
    for (ElfLinkage.VersionNeed v : linkage.versionNeeds()) {
      if (card.lacksGlibc(v.version())) {
        tooNew.add(v.version());
      }
    }
    List<String> tooNewSymbols = new ArrayList<>();
    for (ElfLinkage.Import i : linkage.imports()) {
      String version = i.version();
      if (version != null && tooNew.contains(version)) {
        tooNewSymbols.add(i.name() + "@" + version);
      }
    }
    return new SoReport(
        so,
        read.size(),
        elf,
        linkage,
        fingerprint,
        device,
        naming.basename(fingerprint, device),
        requiredEntries,
        missing,
        asData,
        foreign,
        unresolved,
        List.copyOf(tooNew),
        tooNewSymbols,
        card);
  }
}
