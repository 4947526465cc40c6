package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds shared objects from C source in a test with the host's compiler, as a user would. */
final class HostCc {
  private HostCc() {}

  /** {@code dir/lib<name>.so} from {@code source} (written to {@code dir/<name>.c}) and flags. */
  static Path sharedObject(Path dir, String name, String source, String... flags) throws Exception {
    Path c = Files.writeString(dir.resolve(name + ".c"), source);
    Path so = dir.resolve("lib" + name + ".so");
    List<String> cmd =
        new ArrayList<>(List.of("cc", "-shared", "-fPIC", "-o", so.toString(), c.toString()));
    cmd.addAll(List.of(flags));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(output).isZero();
    return so;
  }
}
