package io.github.aicpulaunch.adapter.cann;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the CANN backend looks for {@code libascendcl.so} and {@code libruntime.so}.
 *
 * <p>Search order: {@link #libraryPath()}; then {@code lib64}, {@code runtime/lib64} and {@code
 * <arch>-linux/lib64} under {@link #ascendHome()} (or, when that is unset and {@link
 * #searchSystem()} is on, under {@code ASCEND_HOME_PATH}); then, with {@link #searchSystem()}, the
 * usual install roots ({@code /usr/local/Ascend/ascend-toolkit/latest}, {@code
 * /usr/local/Ascend/cann}, {@code /usr/local/Ascend/latest}) and every entry of {@code
 * jna.library.path} and {@code LD_LIBRARY_PATH}.
 *
 * @param libraryPath a folder holding both libraries, searched first; null for none
 * @param ascendHome a CANN install root (what {@code ASCEND_HOME_PATH} names); also where {@code
 *     version.info} is read; null to use the environment
 * @param searchSystem whether to look at the environment and the usual install paths as well
 */
public record CannOptions(
    @Nullable Path libraryPath, @Nullable Path ascendHome, boolean searchSystem) {

  public CannOptions {
    libraryPath = libraryPath == null ? null : libraryPath.toAbsolutePath().normalize();
    ascendHome = ascendHome == null ? null : ascendHome.toAbsolutePath().normalize();
  }

  /** Environment, usual install paths and {@code jna.library.path}: what a user on a card wants. */
  public static CannOptions defaults() {
    return new CannOptions(null, null, true);
  }

  /** Only the folders named here: nothing from the environment or the usual install paths. */
  public static CannOptions explicitOnly() {
    return new CannOptions(null, null, false);
  }

  /** These options with a folder that holds both libraries, searched first. */
  public CannOptions withLibraryPath(Path folder) {
    return new CannOptions(folder, ascendHome, searchSystem);
  }

  /** These options with a CANN install root, used instead of {@code ASCEND_HOME_PATH}. */
  public CannOptions withAscendHome(Path home) {
    return new CannOptions(libraryPath, home, searchSystem);
  }
}
