package io.github.aicpulaunch.domain.naming;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
  @TempDir Path tmp;

  @Test
  @DisplayName("a new directory is owner-only (0700) and named <prefix><number>")
  void directories() throws IOException {
    Path a = PrivateFiles.createDirectory(tmp, "kind-1-");
    Path b = PrivateFiles.createDirectory(tmp, "kind-1-");
    assertThat(a).isDirectory().isNotEqualTo(b);
    assertThat(b).isDirectory();
    assertThat(a.getParent()).isEqualTo(tmp);
    assertThat(a.getFileName().toString()).matches("kind-1-[0-9]+");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(a)))
        .isEqualTo("rwx------");
  }

  @Test
  @DisplayName("a new file is empty, owner-only (0600) and named <prefix><number><suffix>")
  void files() throws IOException {
    Path f = PrivateFiles.createFile(tmp, ".out.bin.", ".tmp");
    assertThat(f).isRegularFile().isEmptyFile();
    assertThat(f.getFileName().toString()).matches("\\.out\\.bin\\.[0-9]+\\.tmp");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
        .isEqualTo("rw-------");
    assertThat(PrivateFiles.createFile(tmp, ".out.bin.", ".tmp")).isNotEqualTo(f);
  }

  @Test
  @DisplayName("a name already taken, by a file or a symbolic link, is skipped and left as it was")
  void takenNamesAreSkipped() throws IOException {
    Path elsewhere = Files.writeString(tmp.resolve("elsewhere"), "keep");
    Files.writeString(tmp.resolve("x7.tmp"), "theirs");
    Files.createSymbolicLink(tmp.resolve("x8.tmp"), elsewhere);
    AtomicLong next = new AtomicLong(7);
    Path f = PrivateFiles.create(tmp, "x", ".tmp", false, next::getAndIncrement);
    assertThat(f).isEqualTo(tmp.resolve("x9.tmp")).isEmptyFile();
    assertThat(tmp.resolve("x7.tmp")).hasContent("theirs");
    assertThat(elsewhere).hasContent("keep");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(elsewhere)))
        .isNotEqualTo("rw-------");
  }

  @Test
  @DisplayName("only when every name tried is taken does creation fail, naming the directory")
  void givesUpAfterTheAttempts() throws IOException {
    Files.createDirectory(tmp.resolve("d5"));
    assertThatThrownBy(() -> PrivateFiles.create(tmp, "d", "", true, () -> 5))
        .isInstanceOf(IOException.class)
        .hasMessageContaining(PrivateFiles.ATTEMPTS + " new names in a row were taken in " + tmp)
        .hasMessageContaining("d5")
        .hasMessageContaining("clear that directory");
  }
}
