package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.github.aicpulaunch.adapter.sim.DeviceLogLine;
import io.github.aicpulaunch.adapter.sim.SimConfig;
import io.github.aicpulaunch.adapter.sim.SimFault;
import io.github.aicpulaunch.adapter.sim.SimInspector;
import io.github.aicpulaunch.app.AicpuLaunch;
import io.github.aicpulaunch.app.wiring.SimComponent;
import io.github.aicpulaunch.ports.CannCallException;
import io.github.aicpulaunch.ports.in.OpenSessionCommand;
import io.github.aicpulaunch.ports.in.Session;
import io.github.aicpulaunch.ports.in.TimeoutChain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Filesystem faults in the preinstall directory during a {@code dispatcher-upload} bootstrap (F4,
 * F8, F16). Each one surfaces on the host as a typed {@link CannCallException.DeviceFailure}
 * (507018 at the stream sync, the dispatcher's code in the message), while the device log names the
 * path and the errno; nothing is left behind and nothing is written outside the directory.
 *
 * <p>Disk full and read-only use a real tmpfs when this runs as root and {@code mount} works (the
 * CI sandbox does); the simulator's injected {@link SimFault} covers disk full and permission
 * denied everywhere, also as root, where mode bits deny nothing.
 */
class FilesystemFaultsTest {
  private static final Logger LOG = LoggerFactory.getLogger(FilesystemFaultsTest.class);

  /** docs/ABI.md "## Dispatcher", return codes. */
  private static final long E_FINAL_NOT_REGULAR = 0x4453000aL;

  private static final long E_TMP_CREATE = 0x4453000cL;
  private static final long E_WRITE = 0x4453000dL;

  @TempDir Path tmp;

  private Path dir;
  private Path outside;
  private Path mounted;

  @BeforeEach
  void directories() throws IOException {
    dir = Files.createDirectory(tmp.resolve("aicpu_kernels_device"));
    outside = Files.createDirectory(tmp.resolve("outside"));
  }

  @AfterEach
  void unmount() throws Exception {
    if (mounted != null) {
      run("umount", mounted.toString());
    }
  }

  @Test
  @DisplayName("F16 disk full (a 1 MiB tmpfs): 507018, device log names path and errno 28")
  void diskFullOnSmallTmpfs() throws Exception {
    assumeThat(mountTmpfs("size=1m")).as("root can mount a tmpfs here").isTrue();
    Path so = variant(0x6469736b00000001L, 2 << 20);
    assertBootstrapFails(so, null, E_WRITE, "errno 28");
  }

  @Test
  @DisplayName("F16 disk full (injected ENOSPC): 507018, device log names path and errno 28")
  void diskFullInjected() throws Exception {
    assertBootstrapFails(variant(0x6469736b00000002L, 0), SimFault.DISK_FULL, E_WRITE, "errno 28");
  }

  @Test
  @DisplayName("F16 permission denied (injected EACCES): 507018, errno 13, nothing left")
  void permissionDenied() throws Exception {
    assertBootstrapFails(
        variant(0x7065726d00000001L, 0), SimFault.PERMISSION_DENIED, E_TMP_CREATE, "errno 13");
  }

  @Test
  @DisplayName("F16 read-only directory (a read-only tmpfs): 507018, errno 30, nothing left")
  void readOnlyDirectory() throws Exception {
    assumeThat(mountTmpfs("size=1m,ro")).as("root can mount a tmpfs here").isTrue();
    assertBootstrapFails(variant(0x726f000000000001L, 0), null, E_TMP_CREATE, "errno 30");
  }

  @Test
  @DisplayName("F8: a symlink planted at the final name is refused, its target never written")
  void symlinkAtFinalName() throws Exception {
    Path so = variant(0x73796d6c00000001L, 0);
    Path target = outside.resolve("target.so");
    Path link = Files.createSymbolicLink(dir.resolve(finalName(so, 0)), target);
    assertBootstrapFails(so, null, E_FINAL_NOT_REGULAR, "symbolic link");
    assertThat(Files.isSymbolicLink(link)).as("the planted link is not ours to remove").isTrue();
    assertThat(target).doesNotExist();
  }

  @Test
  @DisplayName("a directory where the final file should be is refused, left as it was")
  void directoryAtFinalName() throws Exception {
    Path so = variant(0x6469720000000001L, 0);
    Path planted = Files.createDirectory(dir.resolve(finalName(so, 0)));
    assertBootstrapFails(so, null, E_FINAL_NOT_REGULAR, "non-regular file");
    try (Stream<Path> inside = Files.list(planted)) {
      assertThat(inside).isEmpty();
    }
  }

  @Test
  @DisplayName("F8: symlinks planted at temporary names are never followed; the publish succeeds")
  void symlinksAtTemporaryNames() throws Exception {
    Path so = variant(0x746d700000000001L, 0);
    String name = finalName(so, 0);
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(config())) {
      long pid = aicpu.simInspector().orElseThrow().aicpuOsPid(0);
      // Upstream's predictable name, and ours with the live publisher's pid and low sequences:
      // ours also carries a nanosecond stamp and is opened O_CREAT|O_EXCL|O_NOFOLLOW.
      Files.createSymbolicLink(dir.resolve(name + ".tmp." + pid), outside.resolve("a"));
      for (int seq = 0; seq < 4; seq++) {
        Files.createSymbolicLink(
            dir.resolve("." + name + ".tmp." + pid + "." + seq + ".0"), outside.resolve("b" + seq));
      }
      try (Session s = aicpu.open(command(so))) {
        RuntimeCopies.addAndCheck(s, 64, 2, 1f);
      }
    }
    assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(Files.readAllBytes(so));
    assertThat(Files.isSymbolicLink(dir.resolve(name))).isFalse();
    assertNothingOutside();
  }

  /**
   * Bootstraps {@code so} with {@code fault} switched on, expects the typed failure with the
   * dispatcher's {@code code}, a device log line naming the directory and {@code logged}, the
   * directory as it was (no temporary, no final file unless one was planted), then checks that the
   * same bootstrap works once the cause is gone (for injected faults).
   */
  private void assertBootstrapFails(Path so, SimFault fault, long code, String logged)
      throws Exception {
    String name = finalName(so, 0);
    List<String> before = names(dir);
    try (AicpuLaunch aicpu = AicpuLaunch.simulator(config())) {
      SimInspector inspector = aicpu.simInspector().orElseThrow();
      if (fault != null) {
        ((SimComponent) aicpu.component()).simulator().injectFaults(0, fault);
      }
      Throwable thrown = catchThrowable(() -> aicpu.open(command(so)).close());
      assertThat(thrown).isInstanceOf(CannCallException.DeviceFailure.class);
      CannCallException e = (CannCallException) thrown;
      assertThat(e.code()).isEqualTo(507018);
      assertThat(e.getMessage()).contains(String.valueOf(code));
      assertThat(e.hint()).isNotBlank();
      // The dispatcher names the directory as device code knows it, the card's path; the
      // simulator maps that path to this chip's directory (docs/ABI.md "Device environment").
      String cardDir = "/usr/lib64/aicpu_kernels/0/aicpu_kernels_device";
      List<String> errors =
          inspector.deviceLog().stream()
              .map(DeviceLogLine::text)
              .filter(t -> t.contains("[aicpu-dispatcher]"))
              .filter(t -> t.contains(cardDir) && t.contains(logged))
              .toList();
      assertThat(errors).as("dispatcher lines naming %s and %s", cardDir, logged).isNotEmpty();
      assertThat(names(dir)).as("the directory as before").isEqualTo(before);
      assertThat(names(dir)).noneMatch(n -> n.contains(".tmp."));
      if (!before.contains(name)) {
        assertThat(names(dir)).doesNotContain(name);
      }
      assertNothingOutside();
      if (fault != null) {
        ((SimComponent) aicpu.component()).simulator().injectFaults(0);
        aicpu.component().ports().devices().resetDeviceForce(0);
        try (Session s = aicpu.open(command(so))) {
          RuntimeCopies.addAndCheck(s, 64, 2, 2f);
        }
        assertThat(Files.readAllBytes(dir.resolve(name))).isEqualTo(Files.readAllBytes(so));
      }
    }
  }

  private SimConfig config() {
    return SimConfig.builder().chips(1).memoryBudgetBytes(32L << 20).preinstallDir(0, dir).build();
  }

  private static OpenSessionCommand command(Path so) {
    return new OpenSessionCommand(
        0, so, OpenSessionCommand.DEFAULT_ENTRIES, "dispatcher-upload", null, TimeoutChain.DEFAULT);
  }

  private Path variant(long fingerprint, int size) throws Exception {
    Path original = RuntimeCopies.packaged(tmp, RuntimeCopies.VECTOR);
    return RuntimeCopies.variant(
        original, tmp.resolve(String.format("lib%016x.so", fingerprint)), fingerprint, size);
  }

  private static String finalName(Path so, int device) throws Exception {
    return "simpler_inner_" + RuntimeCopies.readelfFingerprint(so) + "_" + device + ".so";
  }

  private void assertNothingOutside() throws IOException {
    assertThat(names(outside)).as("files written outside the preinstall directory").isEmpty();
    assertThat(names(tmp))
        .allMatch(
            n -> n.equals("aicpu_kernels_device") || n.equals("outside") || n.startsWith("lib"));
  }

  private static List<String> names(Path d) throws IOException {
    try (Stream<Path> files = Files.list(d)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  /** Mounts a tmpfs with {@code options} on the preinstall directory; false if not possible. */
  private boolean mountTmpfs(String options) throws Exception {
    if (!"root".equals(System.getProperty("user.name"))) {
      return false;
    }
    if (run("mount", "-t", "tmpfs", "-o", options, "tmpfs", dir.toString()) != 0) {
      Figures.record("FilesystemFaultsTest", "tmpfs " + options + " could not be mounted");
      return false;
    }
    mounted = dir;
    return true;
  }

  private static int run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      LOG.info("{}: exit {}: {}", String.join(" ", command), rc, out.strip());
    }
    return rc;
  }
}
