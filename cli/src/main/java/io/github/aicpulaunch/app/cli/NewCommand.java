package io.github.aicpulaunch.app.cli;

import io.github.aicpulaunch.domain.naming.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code aicpu-launch new}: a runtime project a C developer builds and tests without Java: one
 * kernel source, the device headers (copied from the jar's {@code aicpu-devkit/} resources, the
 * same files as the devkit zip), a CMake project that builds the SO for the simulator and for a
 * card, and a ctest that runs it on the simulator through {@code aicpu-launch run --expect}.
 */
final class NewCommand implements Callable<Integer> {
  /** NAME becomes a C file name, a CMake project and target and {@code libNAME.so}. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");

  /** Target names CMake or its generators keep for themselves. */
  private static final Set<String> RESERVED =
      Set.of(
          "all",
          "clean",
          "help",
          "install",
          "test",
          "package",
          "package_source",
          "edit_cache",
          "rebuild_cache",
          "list_install_components",
          "data",
          "simulator",
          "inspect");

  /** The headers of the devkit, in the dispatcher-c jar under this folder. */
  static final String DEVKIT = "/aicpu-devkit/include/";

  static final List<String> HEADERS =
      List.of("aicpu_kernel.h", "aicpu_block.h", "aicpu_device.h", "aicpu_card_glibc.h");

  private static final String SCAFFOLD = "scaffold/";

  final CommandSpec spec = CommandModel.command(this, "new");

  String name = "";

  @Nullable Path dir;

  NewCommand() {
    spec.usageMessage()
        .header("Create a runtime project in C that builds, and tests itself on the simulator.")
        .description(
            "Create a runtime project NAME: src/NAME.c (simpler_aicpu_init and simpler_aicpu_exec,"
                + " a saxpy over float vectors), include/ (the device headers: entries, device log,"
                + " block index and count, the same on the simulator and a card), a CMake project"
                + " that builds libNAME.so for the simulator and, with an aarch64 compiler (CANN's"
                + " hcc under ASCEND_HOME_PATH, or Debian's aarch64-linux-gnu-gcc), for a card, and"
                + " a ctest that runs it on the simulator with 'aicpu-launch run --expect' against"
                + " golden data a host program computes.",
            "",
            "Then:",
            "  cmake -S DIR -B DIR/build && cmake --build DIR/build",
            "  ctest --test-dir DIR/build --output-on-failure --no-tests=error")
        .footer(
            "",
            "Exit codes: 0 created; 1 the directory exists and is not empty, or cannot be written"
                + " (nothing is left behind); 64 wrong usage (NAME is not a C identifier, or is"
                + " reserved).");
    spec.addPositional(
        CommandModel.positional("0", String.class, name, v -> name = v)
            .paramLabel("NAME")
            .required(true)
            .description("The runtime's name (a C identifier).")
            .build());
    spec.addOption(
        CommandModel.option("--dir", Path.class, dir, v -> dir = v)
            .paramLabel("DIR")
            .description("Where to create the project (default: ./NAME); must be absent or empty.")
            .build());
    CommandModel.addStandardHelpOptions(spec);
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!NAME.matcher(name).matches()) {
      err.println(
          "aicpu-launch new: '"
              + InspectCommand.printable(name)
              + "' is not a C identifier of 1..64 characters (letters, digits, '_', not starting"
              + " with a digit); NAME names the source, the CMake target and libNAME.so.");
      return ExitCodes.USAGE;
    }
    if (RESERVED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
      err.println(
          "aicpu-launch new: '"
              + name
              + "' is a target or test name the project already uses (CMake reserves some); pick"
              + " another NAME.");
      return ExitCodes.USAGE;
    }
    Path target = (dir == null ? Path.of(name) : dir).toAbsolutePath().normalize();
    Path parent = target.getParent();
    if (parent == null) {
      err.println("aicpu-launch new: cannot create a project at " + target + ".");
      return ExitCodes.FAILED;
    }
    try {
      if (Files.exists(target)) {
        if (!Files.isDirectory(target)) {
          err.println(
              "aicpu-launch new: "
                  + target
                  + " exists and is not a directory; name another --dir.");
          return ExitCodes.FAILED;
        }
        try (Stream<Path> entries = Files.list(target)) {
          if (entries.findAny().isPresent()) {
            err.println(
                "aicpu-launch new: "
                    + target
                    + " is not empty, and nothing in it is overwritten; name an empty or new"
                    + " --dir.");
            return ExitCodes.FAILED;
          }
        }
      }
      Files.createDirectories(parent);
      Map<String, byte[]> files = files();
      // Everything is written into a sibling first and renamed into place, so a failure leaves
      // no half project under the final name.
      Path staging = PrivateFiles.createDirectory(parent, "." + target.getFileName() + ".new-");
      try {
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
          Path file = staging.resolve(f.getKey());
          Files.createDirectories(file.getParent());
          Files.write(file, f.getValue());
        }
        if (Files.isDirectory(target)) {
          Files.delete(target); // empty, checked above; a file appearing meanwhile fails here
        }
        Files.move(staging, target);
        staging = null;
      } finally {
        if (staging != null) {
          deleteTree(staging);
        }
      }
      out.println("Created " + name + " in " + target + ":");
      for (String f : files.keySet()) {
        out.println("  " + f);
      }
      out.println("Build and test it on the simulator (aicpu-launch must be on PATH):");
      out.println("  cmake -S " + target + " -B " + target + "/build");
      out.println("  cmake --build " + target + "/build");
      // --no-tests=error: without aicpu-launch on PATH the project has no tests, which plain ctest
      // reports as a success.
      out.println("  ctest --test-dir " + target + "/build --output-on-failure --no-tests=error");
      out.flush();
      return ExitCodes.OK;
    } catch (DirectoryNotEmptyException e) {
      err.println("aicpu-launch new: " + target + " stopped being empty; nothing was written.");
      return ExitCodes.FAILED;
    } catch (IOException | MissingResource e) {
      err.println("aicpu-launch new: cannot create " + target + ": " + e.getMessage());
      return ExitCodes.FAILED;
    }
  }

  /** The project's files by relative path, NAME filled in. */
  private Map<String, byte[]> files() throws MissingResource {
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("CMakeLists.txt", template("CMakeLists.txt"));
    files.put("README.md", template("README.md"));
    files.put(".gitignore", template("gitignore"));
    files.put("cmake/aarch64.cmake", template("cmake/aarch64.cmake"));
    files.put("src/" + name + ".c", template("src/kernel.c"));
    files.put("tools/make_data.c", template("tools/make_data.c"));
    for (String h : HEADERS) {
      files.put("include/" + h, resource(DEVKIT + h));
    }
    return files;
  }

  private byte[] template(String path) throws MissingResource {
    String text = new String(resource(SCAFFOLD + path), StandardCharsets.UTF_8);
    return text.replace("@NAME@", name).getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] resource(String path) throws MissingResource {
    try (InputStream in = NewCommand.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new MissingResource(path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new MissingResource(path + " (" + e.getMessage() + ")");
    }
  }

  /** Deletes {@code root} and everything under it, as far as it can; never throws. */
  static void deleteTree(Path root) {
    try (Stream<Path> all = Files.walk(root)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (NoSuchFileException e) {
      // already gone
    } catch (IOException e) {
      // best effort: a hidden staging folder, never the final name
    }
  }

  /** A file of the scaffold is not in this jar: a broken build of aicpu-launch. */
  static final class MissingResource extends Exception {
    private static final long serialVersionUID = 1L;

    MissingResource(String path) {
      super("the jar lacks its resource " + path + "; rebuild aicpu-launch");
    }
  }
}
