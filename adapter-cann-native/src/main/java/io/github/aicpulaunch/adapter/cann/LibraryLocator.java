package io.github.aicpulaunch.adapter.cann;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Finds {@code libascendcl.so} and {@code libruntime.so} in the order {@link CannOptions}
 * documents. Pure file-system work: it loads nothing.
 */
final class LibraryLocator {
  static final String ACL = "libascendcl.so";
  static final String RUNTIME = "libruntime.so";

  /** The usual CANN install roots, newest layout first. */
  static final List<Path> INSTALL_ROOTS =
      List.of(
          Path.of("/usr/local/Ascend/ascend-toolkit/latest"),
          Path.of("/usr/local/Ascend/cann"),
          Path.of("/usr/local/Ascend/latest"));

  /**
   * What the search found.
   *
   * @param acl {@code libascendcl.so}, if found
   * @param runtime {@code libruntime.so}, if found
   * @param homes CANN install roots worth reading {@code version.info} from, most specific first
   * @param searched every folder looked at, in order
   */
  record Result(Optional<Path> acl, Optional<Path> runtime, List<Path> homes, List<Path> searched) {
    Result {
      homes = List.copyOf(homes);
      searched = List.copyOf(searched);
    }

    boolean complete() {
      return acl.isPresent() && runtime.isPresent();
    }
  }

  private LibraryLocator() {}

  static Result locate(CannOptions options, Map<String, String> env, @Nullable String jnaPath) {
    Set<Path> folders = new LinkedHashSet<>();
    Set<Path> homes = new LinkedHashSet<>();
    if (options.libraryPath() != null) {
      folders.add(options.libraryPath());
    }
    Path home = options.ascendHome();
    if (home == null && options.searchSystem()) {
      home = pathOf(env.get("ASCEND_HOME_PATH"));
    }
    if (home != null) {
      addHome(home, folders, homes);
    }
    if (options.searchSystem()) {
      INSTALL_ROOTS.forEach(root -> addHome(root, folders, homes));
      splitPath(jnaPath).forEach(folders::add);
      splitPath(env.get("LD_LIBRARY_PATH")).forEach(folders::add);
    }
    Path acl = null;
    Path runtime = null;
    for (Path folder : folders) {
      if (acl == null && Files.isRegularFile(folder.resolve(ACL))) {
        acl = folder.resolve(ACL);
      }
      if (runtime == null && Files.isRegularFile(folder.resolve(RUNTIME))) {
        runtime = folder.resolve(RUNTIME);
      }
    }
    // The folder a library came from tells the install root too (lib64's parent, and its parent
    // for runtime/lib64 or <arch>-linux/lib64), for version.info.
    for (Path lib : new Path[] {acl, runtime}) {
      if (lib != null) {
        Path dir = lib.getParent();
        for (int up = 0; up < 3 && dir != null; up++) {
          dir = dir.getParent();
          if (dir != null) {
            homes.add(dir);
          }
        }
      }
    }
    return new Result(
        Optional.ofNullable(acl),
        Optional.ofNullable(runtime),
        new ArrayList<>(homes),
        new ArrayList<>(folders));
  }

  private static void addHome(Path home, Set<Path> folders, Set<Path> homes) {
    homes.add(home);
    folders.add(home.resolve("lib64"));
    folders.add(home.resolve("runtime/lib64"));
    folders.add(home.resolve(archFolder() + "/lib64"));
  }

  private static String archFolder() {
    String arch = System.getProperty("os.arch", "");
    return arch.equals("aarch64") ? "aarch64-linux" : "x86_64-linux";
  }

  private static @Nullable Path pathOf(@Nullable String value) {
    return value == null || value.isBlank() ? null : Path.of(value).toAbsolutePath().normalize();
  }

  private static List<Path> splitPath(@Nullable String value) {
    List<Path> out = new ArrayList<>();
    if (value != null) {
      for (String part : value.split(File.pathSeparator, -1)) {
        Path p = pathOf(part);
        if (p != null) {
          out.add(p);
        }
      }
    }
    return out;
  }
}
