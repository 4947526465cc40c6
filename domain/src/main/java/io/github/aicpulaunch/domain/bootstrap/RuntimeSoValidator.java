package io.github.aicpulaunch.domain.bootstrap;

import io.github.aicpulaunch.domain.elf.ElfInfo;
import io.github.aicpulaunch.ports.InvalidRequestException;
import io.github.aicpulaunch.ports.out.DeviceArch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.inject.Inject;

/**
 * The checks a runtime SO passes before anything touches the device: an ELF64 shared object ({@code
 * ET_DYN}) for the device's machine (AArch64 on a card, the host's machine in the simulator), every
 * entry a strategy will resolve exported as a function, and a size within bounds. A wrong-arch,
 * truncated or incomplete SO never reaches CANN. Stateless.
 */
public final class RuntimeSoValidator {
  /**
   * The largest runtime SO accepted: the dispatcher's own bound ({@code
   * AICPU_MAX_RUNTIME_SO_BYTES}, 256 MiB), so nothing the host accepts is refused on the device.
   */
  public static final long MAX_RUNTIME_SO_BYTES = 256L * 1024 * 1024;

  /** How many of an SO's exported functions a refusal names. */
  private static final int SHOWN_EXPORTS = 10;

  @Inject
  public RuntimeSoValidator() {}

  /**
   * Validates an already parsed SO.
   *
   * @param path the file, for messages
   * @param elf what {@code ElfReader} found (ELF64 little-endian is established by reading it)
   * @param size the file's size in bytes
   * @param arch the architecture device code must be built for
   * @param requiredExports every symbol some strategy of this session will resolve
   * @throws InvalidRequestException naming the file, the rule and the way out
   */
  public void validate(
      Path path, ElfInfo elf, long size, DeviceArch arch, Collection<String> requiredExports) {
    if (size <= 0 || size > MAX_RUNTIME_SO_BYTES) {
      throw new InvalidRequestException(
          path + " is " + size + " bytes; a runtime SO must be 1.." + MAX_RUNTIME_SO_BYTES + ".",
          "Check that the path names the runtime SO and that the build did not embed large data.");
    }
    if (!elf.isSharedObject()) {
      throw new InvalidRequestException(
          path + " is not a shared object (ELF e_type " + elf.type() + ", expected 3 ET_DYN).",
          "Link the runtime with -shared (and -fPIC).");
    }
    if (elf.machine() != arch.elfMachine()) {
      throw new InvalidRequestException(
          path
              + " is built for "
              + elf.machineName()
              + ", but this device runs "
              + arch.displayName()
              + " code (e_machine "
              + arch.elfMachine()
              + ").",
          arch == DeviceArch.AARCH64
              ? "Cross-compile the runtime SO for AArch64 (the card's AICPU)."
              : "Build the runtime SO for the host (the simulator runs device code natively).");
    }
    List<String> missing = new ArrayList<>();
    for (String symbol : requiredExports) {
      if (!elf.exports(symbol)) {
        missing.add(symbol);
      }
    }
    if (!missing.isEmpty()) {
      List<String> near = near(missing, elf.exportedFunctions());
      String export =
          "Export the entries with default visibility (extern \"C\", __attribute__((visibility("
              + "\"default\")))), or stop declaring them.";
      throw new InvalidRequestException(
          path
              + " does not export "
              + String.join(", ", missing)
              + " as a function (F9); "
              + exported(elf.exportedFunctions())
              + ".",
          near.isEmpty()
              ? export
              : "Did you mean "
                  + String.join(" or ", near)
                  + "? Name an entry as the SO exports it (--entry, the entries you declare). "
                  + export);
    }
  }

  /** The SO's exported functions for a message: all of them up to ten, else the first ten. */
  private static String exported(List<String> functions) {
    if (functions.isEmpty()) {
      return "it exports no function";
    }
    if (functions.size() <= SHOWN_EXPORTS) {
      return "it exports " + String.join(", ", functions);
    }
    return "it exports "
        + functions.size()
        + " functions, the first "
        + SHOWN_EXPORTS
        + ": "
        + String.join(", ", functions.subList(0, SHOWN_EXPORTS));
  }

  /**
   * The exported functions within two edits (insert, delete, replace) of a missing name: a typo in
   * an entry's name, the common way to meet F9.
   */
  private static List<String> near(List<String> missing, List<String> exported) {
    List<String> near = new ArrayList<>();
    for (String name : exported) {
      for (String wanted : missing) {
        if (!near.contains(name) && editDistance(wanted, name, 2) <= 2) {
          near.add(name);
        }
      }
    }
    return near;
  }

  /** Levenshtein distance of {@code a} and {@code b}, or {@code limit + 1} once it exceeds it. */
  static int editDistance(String a, String b, int limit) {
    if (Math.abs(a.length() - b.length()) > limit) {
      return limit + 1;
    }
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      int rowMin = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] =
            Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
        rowMin = Math.min(rowMin, current[j]);
      }
      if (rowMin > limit) {
        return limit + 1;
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return Math.min(previous[b.length()], limit + 1);
  }
}
