package io.github.aicpulaunch.adapter.cann;

import java.nio.file.Path;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the CANN backend looks for {@code libascendcl.so} and {@code libruntime.so}.
 *
 * <p>A named location is the installation: with {@link #libraryPath()} or {@link #ascendHome()}
 * set, only the library path and then {@code lib64}, {@code runtime/lib64} and {@code
 * <arch>-linux/lib64} under the home are searched, never the environment. With neither set and
 * {@link #searchSystem()} on: the same folders under {@code ASCEND_HOME_PATH}, then under the usual
 * install roots ({@code /usr/local/Ascend/ascend-toolkit/latest}, {@code /usr/local/Ascend/cann},
 * {@code /usr/local/Ascend/latest}), then every entry of {@code jna.library.path} and {@code
 * LD_LIBRARY_PATH}.
 *
 * <p>Both libraries must come from one installation ({@code <root>/lib64}, {@code
 * <root>/runtime/lib64} and {@code <root>/<arch>-linux/lib64} are one root); two are refused. The
 * CANN version is what the loaded {@code libascendcl.so} reports, else the {@code version.info}
 * beside the loaded {@code libruntime.so}, never one from another folder.
 *
 * @param libraryPath a folder holding both libraries; null for none
 * @param ascendHome a CANN install root (what {@code ASCEND_HOME_PATH} names); null to use the
 *     environment
 * @param searchSystem whether to look at the environment and the usual install paths when no
 *     location is named
 */
public record CannOptions(
    @Nullable Path libraryPath, @Nullable Path ascendHome, boolean searchSystem) {

  public CannOptions {
    libraryPath = libraryPath == null ? null : libraryPath.toAbsolutePath().normalize();
    ascendHome = ascendHome == null ? null : ascendHome.toAbsolutePath().normalize();
  }

  // equals and hashCode are written out: a record's generated ones are linked through invokedynamic
  // on first use, which a new process (a CLI command) pays (docs/PERFORMANCE.md, issue 18).
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof CannOptions o
        && Objects.equals(o.libraryPath, libraryPath)
        && Objects.equals(o.ascendHome, ascendHome)
        && o.searchSystem == searchSystem;
  }

  @Override
  public int hashCode() {
    return 31 * (31 * Objects.hashCode(libraryPath) + Objects.hashCode(ascendHome))
        + Boolean.hashCode(searchSystem);
  }

  /** Environment, usual install paths and {@code jna.library.path}: what a user on a card wants. */
  public static CannOptions defaults() {
    return new CannOptions(null, null, true);
  }

  /** Only the folders named here: nothing from the environment or the usual install paths. */
  public static CannOptions explicitOnly() {
    return new CannOptions(null, null, false);
  }

  /** These options with a folder that holds both libraries, searched first (and only it). */
  public CannOptions withLibraryPath(Path folder) {
    return new CannOptions(folder, ascendHome, searchSystem);
  }

  /**
   * These options with a CANN install root, used instead of {@code ASCEND_HOME_PATH} and the system
   * paths.
   */
  public CannOptions withAscendHome(Path home) {
    return new CannOptions(libraryPath, home, searchSystem);
  }
}
