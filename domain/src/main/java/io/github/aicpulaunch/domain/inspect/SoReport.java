package io.github.aicpulaunch.domain.inspect;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.domain.fingerprint.Fingerprint;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link RuntimeSoInspector} found out about one runtime SO.
 *
 * @param path the file inspected
 * @param size its size in bytes
 * @param elf the ELF facts
 * @param fingerprint the fingerprint host and dispatcher agree on
 * @param device the device the preinstall name is for
 * @param preinstallName the basename the dispatcher publishes it under on that device
 * @param requiredEntries the entries the runtime contract asks for
 * @param missingEntries the required entries the SO does not export, in the order asked
 */
public record SoReport(
    Path path,
    long size,
    ElfInfo elf,
    Fingerprint fingerprint,
    int device,
    String preinstallName,
    List<String> requiredEntries,
    List<String> missingEntries) {
  public SoReport {
    requiredEntries = List.copyOf(requiredEntries);
    missingEntries = List.copyOf(missingEntries);
  }

  /** A shared object exporting every required entry. */
  public boolean satisfiesContract() {
    return elf.isSharedObject() && missingEntries.isEmpty();
  }

  /** One line on how the fingerprint was derived. */
  public String fingerprintDerivation() {
    return switch (fingerprint.source()) {
      case BUILD_ID -> "first 8 bytes of the GNU Build-ID, read little-endian";
      case FNV1A_64 -> "FNV-1a 64 over all " + size + " bytes (no qualifying GNU Build-ID note)";
    };
  }

  /** Why the contract is not satisfied, or an empty string when it is. */
  public String contractProblem() {
    if (!elf.isSharedObject()) {
      return "not a shared object (e_type " + elf.type() + ", a runtime SO must be ET_DYN)";
    }
    if (!missingEntries.isEmpty()) {
      return "does not export " + String.join(", ", missingEntries);
    }
    return "";
  }
}
