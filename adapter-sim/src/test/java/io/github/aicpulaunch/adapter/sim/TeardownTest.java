package io.github.aicpulaunch.adapter.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a simulator's close leaves behind: no private file, no process. */
class TeardownTest {
  @Test
  @DisplayName(
      "a simulator's private tree is deleted whole at close, its symbolic links deleted, never"
          + " followed; an entry that cannot go leaves the rest to go")
  void deleteTreeDeletesLinksNotTheirTargets(@TempDir Path tmp) throws Exception {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path kept = Files.writeString(outside.resolve("kept.so"), "kept");
    Path root = Files.createDirectories(tmp.resolve("aicpu-sim-1/chip0/aicpu_kernels/0"));
    Files.writeString(root.resolve("lib.so"), "so");
    Files.createSymbolicLink(root.resolve("link-to-dir"), outside);
    Files.createSymbolicLink(root.resolve("link-to-file"), kept);
    Path locked = Files.createDirectories(tmp.resolve("aicpu-sim-1/chip0/os/locked"));
    Files.writeString(locked.resolve("stuck"), "stuck");
    Files.writeString(tmp.resolve("aicpu-sim-1/chip0/os/free"), "free");
    locked.toFile().setWritable(false);
    boolean privileged = locked.resolve("probe").toFile().createNewFile();
    try {
      NativeFiles.deleteTree(tmp.resolve("aicpu-sim-1"));
      if (privileged) {
        // root ignores the permission: everything went
        assertThat(tmp.resolve("aicpu-sim-1")).doesNotExist();
      } else {
        assertThat(locked.resolve("stuck")).exists();
        assertThat(tmp.resolve("aicpu-sim-1/chip0/os/free")).doesNotExist();
        assertThat(root).doesNotExist();
      }
    } finally {
      locked.toFile().setWritable(true);
    }
    assertThat(kept).hasContent("kept");
    assertThat(outside).isDirectory();

    NativeFiles.deleteTree(tmp.resolve("aicpu-sim-1"));
    assertThat(tmp.resolve("aicpu-sim-1")).doesNotExist();
    NativeFiles.deleteTree(tmp.resolve("never-was"));
  }

  @Test
  @DisplayName(
      "the close looks for the AICPU OS's descendants only when /proc shows it a child; a process"
          + " gone or unreadable counts as having one")
  void childrenFromProc() throws Exception {
    Process lone = new ProcessBuilder("sleep", "30").start();
    Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & echo started; wait").start();
    try {
      assertThat(parent.getInputStream().read()).as("the child started").isEqualTo('s');
      assertThat(AicpuOsProcess.mayHaveChildren(lone.pid())).isFalse();
      assertThat(AicpuOsProcess.mayHaveChildren(parent.pid())).isTrue();
    } finally {
      parent.descendants().forEach(ProcessHandle::destroyForcibly);
      parent.destroyForcibly();
      lone.destroyForcibly();
    }
    assertThat(lone.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(AicpuOsProcess.mayHaveChildren(lone.pid())).as("reaped").isTrue();
  }
}
