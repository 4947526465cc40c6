package io.github.aicpulaunch.domain.inspect;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.elf.ElfLinkage;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link RuntimeSoInspector} found out about one runtime SO.
 *
 * @param path the file inspected
 * @param size its size in bytes
 * @param elf the ELF facts
 * @param linkage what it needs from the process that loads it
 * @param fingerprint the fingerprint host and dispatcher agree on
 * @param device the device the preinstall name is for
 * @param preinstallName the basename the dispatcher publishes it under on that device
 * @param requiredEntries the entries the runtime contract asks for
 * @param missingEntries the required entries the SO does not export at all, in the order asked
 * @param entriesExportedAsData the required entries the SO exports as data, not as functions
 * @param foreignLibraries DT_NEEDED libraries a card does not have
 * @param unresolved undefined, non-weak symbols nothing on a card defines: neither a card library
 *     (by their version binding) nor the AICPU process
 * @param glibcTooNew glibc versions the SO needs that the card's C library lacks
 * @param glibcTooNewSymbols the symbols bound to those versions, as {@code name@VERSION}
 * @param card what the checks assumed the card provides
 */
public record SoReport(
    Path path,
    long size,
    ElfInfo elf,
    ElfLinkage linkage,
    Fingerprint fingerprint,
    int device,
    String preinstallName,
    List<String> requiredEntries,
    List<String> missingEntries,
    List<String> entriesExportedAsData,
    List<String> foreignLibraries,
    List<ElfLinkage.Import> unresolved,
    List<String> glibcTooNew,
    List<String> glibcTooNewSymbols,
    CardEnvironment card) {
  public SoReport {
    requiredEntries = List.copyOf(requiredEntries);
    missingEntries = List.copyOf(missingEntries);
    entriesExportedAsData = List.copyOf(entriesExportedAsData);
    foreignLibraries = List.copyOf(foreignLibraries);
    unresolved = List.copyOf(unresolved);
    glibcTooNew = List.copyOf(glibcTooNew);
    glibcTooNewSymbols = List.copyOf(glibcTooNewSymbols);
  }

  /**
   * A shared object exporting every required entry as a function, needing no symbol, library or
   * glibc version a card lacks.
   */
  public boolean satisfiesContract() {
    return problems().isEmpty();
  }

  /** One line on how the fingerprint was derived. */
  public String fingerprintDerivation() {
    return switch (fingerprint.source()) {
      case BUILD_ID -> "first 8 bytes of the GNU Build-ID, read little-endian";
      case FNV1A_64 -> "FNV-1a 64 over all " + size + " bytes (no qualifying GNU Build-ID note)";
    };
  }

  /** Every reason the contract is not satisfied, each a sentence; empty when it is. */
  public List<String> problems() {
    List<String> p = new ArrayList<>();
    if (!elf.isSharedObject()) {
      p.add("not a shared object (e_type " + elf.type() + ", a runtime SO must be ET_DYN)");
    }
    if (!missingEntries.isEmpty()) {
      p.add("does not export " + String.join(", ", missingEntries));
    }
    if (!entriesExportedAsData.isEmpty()) {
      p.add(
          String.join(", ", entriesExportedAsData)
              + " exported as data, not as a function: CANN calls an entry, so it must be a"
              + " function (uint32_t name(void *args))");
    }
    if (!foreignLibraries.isEmpty()) {
      p.add(
          "needs "
              + String.join(", ", foreignLibraries)
              + ", which a card's AICPU OS does not have: link it statically or drop it");
    }
    if (!unresolved.isEmpty()) {
      p.add(
          "needs "
              + String.join(", ", unresolved.stream().map(ElfLinkage.Import::name).toList())
              + ", which nothing on a card defines (not in its C/C++ libraries nor the AICPU"
              + " process): define it in the SO, or remove the call");
    }
    if (!glibcTooNew.isEmpty()) {
      p.add(
          "needs "
              + String.join(", ", glibcTooNew)
              + " ("
              + String.join(", ", glibcTooNewSymbols)
              + "), newer than the card's glibc "
              + card.maxGlibc()
              + " (an assumption: --card-glibc sets it): build with a toolchain whose glibc is"
              + " not newer, e.g. CANN's hcc");
    }
    return p;
  }

  /** Why the contract is not satisfied, or an empty string when it is. */
  public String contractProblem() {
    return String.join("; ", problems());
  }
}
