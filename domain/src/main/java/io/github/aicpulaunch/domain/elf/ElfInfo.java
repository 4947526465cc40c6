package io.github.aicpulaunch.domain.elf;

import io.github.aicpulaunch.ports.out.DeviceArch;
import java.util.List;
import java.util.Optional;

/**
 * What {@link ElfReader} found in a well-formed ELF64 little-endian image.
 *
 * @param elfClass {@code EI_CLASS} (always 2, ELFCLASS64, for a successfully read image)
 * @param dataEncoding {@code EI_DATA} (always 1, little-endian, for a successfully read image)
 * @param type {@code e_type}: 3 (ET_DYN) for a shared object
 * @param machine {@code e_machine}: 62 x86-64, 183 AArch64
 * @param machineName "x86-64", "AArch64", else "EM_" followed by the number
 * @param buildId the GNU Build-ID the fingerprint uses (PROTOCOL §5 step 3); a Build-ID note
 *     shorter than 8 bytes or not named "GNU" does not qualify and leaves this empty
 * @param exportedFunctions distinct names of the dynamic symbols that {@code dlsym} can return as
 *     functions: type STT_FUNC, binding GLOBAL or WEAK, defined (not SHN_UNDEF), visibility DEFAULT
 *     or PROTECTED; in symbol-table order, version suffixes not included
 */
public record ElfInfo(
    int elfClass,
    int dataEncoding,
    int type,
    int machine,
    String machineName,
    Optional<BuildId> buildId,
    List<String> exportedFunctions) {
  /** {@code e_type} of a shared object. */
  public static final int ET_DYN = 3;

  public ElfInfo {
    if (!machineName.equals(machineName(machine))) {
      throw new IllegalArgumentException(
          "machine " + machine + " is named " + machineName(machine) + ", not " + machineName);
    }
    exportedFunctions = List.copyOf(exportedFunctions);
  }

  /** Whether {@code e_type} is ET_DYN, the type {@code dlopen} accepts. */
  public boolean isSharedObject() {
    return type == ET_DYN;
  }

  /** The device architecture this image is built for, when it is one this library knows. */
  public Optional<DeviceArch> arch() {
    for (DeviceArch arch : DeviceArch.values()) {
      if (arch.elfMachine() == machine) {
        return Optional.of(arch);
      }
    }
    return Optional.empty();
  }

  /** Whether {@code name} is among {@link #exportedFunctions()}. */
  public boolean exports(String name) {
    return exportedFunctions.contains(name);
  }

  /** The display name of an {@code e_machine} value. */
  public static String machineName(int machine) {
    for (DeviceArch arch : DeviceArch.values()) {
      if (arch.elfMachine() == machine) {
        return arch.displayName();
      }
    }
    return "EM_" + machine;
  }
}
