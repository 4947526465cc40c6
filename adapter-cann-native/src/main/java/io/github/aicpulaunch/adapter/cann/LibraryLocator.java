package io.github.aicpulaunch.adapter.cann;

import java.io.File;
import java.io.IOException;
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
 * documents, both from one CANN installation. Pure file-system work: it loads nothing.
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
   * @param searched every folder looked at, in order
   * @param conflict why the two libraries found cannot be used together (they belong to two
   *     installations), or empty
   */
  record Result(
      Optional<Path> acl, Optional<Path> runtime, List<Path> searched, Optional<String> conflict) {
    Result {
      searched = List.copyOf(searched);
    }

    boolean complete() {
      return acl.isPresent() && runtime.isPresent();
    }
  }

  private LibraryLocator() {}

  static Result locate(CannOptions options, Map<String, String> env, @Nullable String jnaPath) {
    Set<Path> folders = new LinkedHashSet<>();
    boolean explicit = options.libraryPath() != null || options.ascendHome() != null;
    if (options.libraryPath() != null) {
      folders.add(options.libraryPath());
    }
    if (options.ascendHome() != null) {
      addHome(options.ascendHome(), folders);
    }
    // A named location is the installation: nothing else is searched, so a library from
    // elsewhere can never be picked up silently.
    if (!explicit && options.searchSystem()) {
      Path envHome = pathOf(env.get("ASCEND_HOME_PATH"));
      if (envHome != null) {
        addHome(envHome, folders);
      }
      INSTALL_ROOTS.forEach(root -> addHome(root, folders));
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
    Optional<String> conflict = Optional.empty();
    if (acl != null && runtime != null) {
      Path aclRoot = installRoot(acl);
      Path runtimeRoot = installRoot(runtime);
      if (!sameFile(aclRoot, runtimeRoot)) {
        conflict =
            Optional.of(
                ACL
                    + " ("
                    + acl
                    + ") and "
                    + RUNTIME
                    + " ("
                    + runtime
                    + ") belong to two CANN installations ("
                    + aclRoot
                    + " and "
                    + runtimeRoot
                    + "), and one's ACL over the other's runtime is not a CANN anyone tested;"
                    + " name one installation's root as the CANN home (ASCEND_HOME_PATH), or keep"
                    + " only one installation's folders on LD_LIBRARY_PATH");
      }
    }
    return new Result(
        Optional.ofNullable(acl), Optional.ofNullable(runtime), new ArrayList<>(folders), conflict);
  }

  /**
   * The install root a library belongs to: {@code <root>/lib64}, {@code <root>/runtime/lib64} and
   * {@code <root>/<arch>-linux/lib64} all belong to {@code <root>}; a library in any other folder
   * belongs to that folder.
   */
  static Path installRoot(Path library) {
    Path folder = library.toAbsolutePath().normalize().getParent();
    if (folder == null) {
      return library;
    }
    Path name = folder.getFileName();
    Path parent = folder.getParent();
    if (name == null || parent == null || !(name.toString().equals("lib64"))) {
      return folder;
    }
    Path parentName = parent.getFileName();
    Path grandparent = parent.getParent();
    if (parentName != null
        && grandparent != null
        && (parentName.toString().equals("runtime") || parentName.toString().endsWith("-linux"))) {
      return grandparent;
    }
    return parent;
  }

  /**
   * Where the installation of the loaded {@code libruntime.so} keeps its {@code version.info}
   * files, nearest first: the library folder's parent ({@code runtime/} of {@code runtime/lib64})
   * and the install root. Nothing else: a version read from another installation would describe
   * another CANN.
   */
  static List<Path> versionDirs(Path runtimeLibrary) {
    Set<Path> dirs = new LinkedHashSet<>();
    Path folder = runtimeLibrary.toAbsolutePath().normalize().getParent();
    if (folder != null && folder.getParent() != null) {
      dirs.add(folder.getParent());
    }
    dirs.add(installRoot(runtimeLibrary));
    return new ArrayList<>(dirs);
  }

  private static boolean sameFile(Path a, Path b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }

  private static void addHome(Path home, Set<Path> folders) {
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
