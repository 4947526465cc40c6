package io.github.aicpulaunch.domain.elf;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a shared object asks of the process that loads it, as its dynamic section says: the
 * libraries it names (DT_NEEDED), the symbols it leaves undefined with the version each is bound to
 * (DT_VERSYM, DT_VERNEED), every version it needs from each library, and the data symbols it
 * exports. Read by {@link ElfReader#readLinkage}.
 *
 * @param needed the DT_NEEDED names, in order
 * @param imports the undefined GLOBAL and WEAK dynamic symbols, in symbol-table order
 * @param versionNeeds every (library, version) of DT_VERNEED, in order
 * @param exportedData names of exported symbols that are data (STT_OBJECT, STT_COMMON, STT_TLS)
 *     rather than functions
 */
public record ElfLinkage(
    List<String> needed,
    List<Import> imports,
    List<VersionNeed> versionNeeds,
    List<String> exportedData) {
  public ElfLinkage {
    needed = List.copyOf(needed);
    imports = List.copyOf(imports);
    versionNeeds = List.copyOf(versionNeeds);
    exportedData = List.copyOf(exportedData);
  }

  /**
   * An undefined dynamic symbol.
   *
   * @param name the symbol
   * @param weak whether it is weak (the loader leaves it 0 when nothing defines it)
   * @param version the version it is bound to (e.g. {@code GLIBC_2.17}), or null when unversioned
   * @param library the library that version belongs to (e.g. {@code libc.so.6}), or null
   */
  public record Import(
      String name, boolean weak, @Nullable String version, @Nullable String library) {}

  /**
   * A version the object needs from a library.
   *
   * @param file the library's DT_NEEDED name, e.g. {@code libc.so.6}
   * @param version the version name, e.g. {@code GLIBC_2.34}
   */
  public record VersionNeed(String file, String version) {}
}
