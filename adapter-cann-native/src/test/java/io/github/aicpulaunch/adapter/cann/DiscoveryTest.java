package io.github.aicpulaunch.adapter.cann;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.aicpulaunch.ports.out.CannVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Library discovery, version files and availability as state; no library is loaded here. */
class DiscoveryTest {
  @TempDir Path tmp;

  private Path touch(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    return Files.write(file, new byte[] {0});
  }

  @Test
  @DisplayName(
      "options are equal when their normalised folders and search flag are (one adapter each)")
  void optionsEqualityIsByValue() {
    Path home = tmp.resolve("home");
    CannOptions a = CannOptions.defaults().withAscendHome(home);
    assertThat(a).isEqualTo(CannOptions.defaults().withAscendHome(tmp.resolve("x/../home")));
    assertThat(a).hasSameHashCodeAs(CannOptions.defaults().withAscendHome(home));
    assertThat(a).isNotEqualTo(CannOptions.explicitOnly().withAscendHome(home));
    assertThat(a).isNotEqualTo(CannOptions.defaults().withAscendHome(tmp.resolve("other")));
    assertThat(a).isNotEqualTo(a.withLibraryPath(home));
    assertThat(CannOptions.defaults()).isEqualTo(CannOptions.defaults());
    assertThat(CannOptions.defaults()).isNotEqualTo(CannOptions.explicitOnly());
  }

  @Test
  void explicitLibraryPathWinsOverAscendHome() throws IOException {
    Path explicit = tmp.resolve("explicit");
    touch(explicit.resolve("libascendcl.so"));
    touch(explicit.resolve("libruntime.so"));
    Path home = tmp.resolve("home");
    touch(home.resolve("lib64/libascendcl.so"));
    touch(home.resolve("lib64/libruntime.so"));

    LibraryLocator.Result r =
        LibraryLocator.locate(
            CannOptions.explicitOnly().withLibraryPath(explicit).withAscendHome(home),
            Map.of(),
            null);

    assertThat(r.acl()).contains(explicit.resolve("libascendcl.so"));
    assertThat(r.runtime()).contains(explicit.resolve("libruntime.so"));
  }

  @Test
  void ascendHomePathFromTheEnvironmentFindsRuntimeLib64() throws IOException {
    Path home = tmp.resolve("latest");
    touch(home.resolve("lib64/libascendcl.so"));
    touch(home.resolve("runtime/lib64/libruntime.so"));

    LibraryLocator.Result r =
        LibraryLocator.locate(
            CannOptions.defaults(), Map.of("ASCEND_HOME_PATH", home.toString()), null);

    assertThat(r.acl()).contains(home.resolve("lib64/libascendcl.so"));
    assertThat(r.runtime()).contains(home.resolve("runtime/lib64/libruntime.so"));
    assertThat(r.conflict()).isEmpty();
    // version.info is read beside the runtime library: runtime/, then the install root.
    assertThat(LibraryLocator.versionDirs(r.runtime().orElseThrow()))
        .containsExactly(home.resolve("runtime"), home);
  }

  @Test
  @DisplayName("a named CANN home is the installation: LD_LIBRARY_PATH and ASCEND_HOME_PATH unused")
  void ascendHomeIsSearchedAlone() throws IOException {
    Path other = tmp.resolve("other");
    touch(other.resolve("lib64/libascendcl.so"));
    touch(other.resolve("lib64/libruntime.so"));
    Path home = tmp.resolve("named");

    LibraryLocator.Result r =
        LibraryLocator.locate(
            CannOptions.defaults().withAscendHome(home),
            Map.of("ASCEND_HOME_PATH", other.toString(), "LD_LIBRARY_PATH", other + "/lib64"),
            other.resolve("lib64").toString());

    assertThat(r.acl()).isEmpty();
    assertThat(r.runtime()).isEmpty();
    assertThat(r.searched()).allMatch(p -> p.startsWith(home));
  }

  @Test
  @DisplayName("a split-root install: libascendcl.so of one CANN, libruntime.so of another")
  void librariesOfTwoInstallationsAreRefused() throws IOException {
    // The full stand-in's two libraries, each copied into an installation of its own.
    Path standin = Path.of(System.getProperty("standin.dir"), "full", "lib64");
    Path aclRoot = tmp.resolve("cann-a");
    Path runtimeRoot = tmp.resolve("cann-b");
    Files.createDirectories(aclRoot.resolve("lib64"));
    Files.createDirectories(runtimeRoot.resolve("runtime/lib64"));
    Files.copy(standin.resolve("libascendcl.so"), aclRoot.resolve("lib64/libascendcl.so"));
    Files.copy(
        standin.resolve("libruntime.so"), runtimeRoot.resolve("runtime/lib64/libruntime.so"));

    CannAdapter adapter =
        CannAdapter.load(
            CannOptions.defaults(),
            Map.of(
                "LD_LIBRARY_PATH",
                aclRoot.resolve("lib64") + ":" + runtimeRoot.resolve("runtime/lib64")),
            null);

    assertThat(adapter.isAvailable()).isFalse();
    assertThat(adapter.unavailabilityCause())
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .contains(
                        "belong to two CANN installations (" + aclRoot + " and " + runtimeRoot)
                    .contains(aclRoot.resolve("lib64/libascendcl.so").toString())
                    .contains(runtimeRoot.resolve("runtime/lib64/libruntime.so").toString())
                    .contains("ASCEND_HOME_PATH"));
    assertThat(adapter.report().ascendcl()).contains(aclRoot.resolve("lib64/libascendcl.so"));
    assertThat(adapter.report().runtime())
        .contains(runtimeRoot.resolve("runtime/lib64/libruntime.so"));
  }

  @Test
  void installRootsOfTheUsualLayouts() {
    Path root = tmp.resolve("8.5.0");
    assertThat(LibraryLocator.installRoot(root.resolve("lib64/libruntime.so"))).isEqualTo(root);
    assertThat(LibraryLocator.installRoot(root.resolve("runtime/lib64/libruntime.so")))
        .isEqualTo(root);
    assertThat(LibraryLocator.installRoot(root.resolve("x86_64-linux/lib64/libascendcl.so")))
        .isEqualTo(root);
    assertThat(LibraryLocator.installRoot(root.resolve("libs/libascendcl.so")))
        .isEqualTo(root.resolve("libs"));
  }

  @Test
  @DisplayName("one installation seen through a symlink (latest -> 8.5.0) is not two")
  void aSymlinkedRootIsOneInstallation() throws IOException {
    Path real = tmp.resolve("8.5.0");
    touch(real.resolve("x86_64-linux/lib64/libascendcl.so"));
    touch(real.resolve("runtime/lib64/libruntime.so"));
    Path latest = Files.createSymbolicLink(tmp.resolve("latest"), real);

    LibraryLocator.Result r =
        LibraryLocator.locate(
            CannOptions.defaults(),
            Map.of(
                "LD_LIBRARY_PATH",
                latest.resolve("x86_64-linux/lib64") + ":" + real.resolve("runtime/lib64")),
            null);

    assertThat(r.complete()).isTrue();
    assertThat(r.conflict()).isEmpty();
  }

  @Test
  void jnaLibraryPathIsSearchedOnlyWithSystemSearch() throws IOException {
    Path dir = tmp.resolve("jna");
    touch(dir.resolve("libascendcl.so"));
    touch(dir.resolve("libruntime.so"));

    assertThat(LibraryLocator.locate(CannOptions.defaults(), Map.of(), dir.toString()).complete())
        .isTrue();
    assertThat(
            LibraryLocator.locate(CannOptions.explicitOnly(), Map.of(), dir.toString()).complete())
        .isFalse();
  }

  @Test
  void environmentIsIgnoredWithExplicitOnly() throws IOException {
    Path home = tmp.resolve("env-home");
    touch(home.resolve("lib64/libascendcl.so"));
    touch(home.resolve("lib64/libruntime.so"));

    LibraryLocator.Result r =
        LibraryLocator.locate(
            CannOptions.explicitOnly(), Map.of("ASCEND_HOME_PATH", home.toString()), null);

    assertThat(r.complete()).isFalse();
    assertThat(r.searched()).isEmpty();
  }

  @Test
  @DisplayName("a missing library is a reported state with the folders searched, never a crash")
  void missingLibraryIsReportedNotThrown() throws IOException {
    Path home = tmp.resolve("half");
    touch(home.resolve("lib64/libruntime.so"));

    CannAdapter adapter =
        CannAdapter.load(CannOptions.explicitOnly().withAscendHome(home), Map.of(), null);

    assertThat(adapter.isAvailable()).isFalse();
    assertThat(adapter.unavailabilityCause())
        .hasValueSatisfying(
            c ->
                assertThat(c)
                    .contains("libascendcl.so not found")
                    .contains(home.resolve("lib64").toString()));
    assertThat(adapter.report().runtime()).contains(home.resolve("lib64/libruntime.so"));
    CannReport report = adapter.report();
    assertThat(report.headline())
        .contains(
            "libascendcl.so not found in the " + report.searched().size() + " folders searched");
    // The folders appear once: on the searched line, not again in the headline.
    String described = report.describe();
    assertThat(described).contains("unavailable: libascendcl.so not found in the ");
    assertThat(described.split(Pattern.quote(report.searched().toString()), -1)).hasSize(2);
    assertThatThrownBy(adapter::ports)
        .isInstanceOf(CannUnavailableException.class)
        .hasMessageContaining("libascendcl.so not found")
        .hasMessageContaining("set_env.sh");
  }

  @Test
  void aFileThatIsNotALibraryMakesTheBackendUnavailable() throws IOException {
    Path home = tmp.resolve("garbage");
    touch(home.resolve("lib64/libascendcl.so"));
    touch(home.resolve("lib64/libruntime.so"));

    CannAdapter adapter =
        CannAdapter.load(CannOptions.explicitOnly().withAscendHome(home), Map.of(), null);

    assertThat(adapter.isAvailable()).isFalse();
    assertThat(adapter.unavailabilityCause())
        .hasValueSatisfying(c -> assertThat(c).startsWith("cannot load CANN's libraries"));
  }

  @Test
  void versionInfoIsReadFromTheFirstCandidateWithAVersionLine() throws IOException {
    Path home = tmp.resolve("v");
    Files.createDirectories(home.resolve("runtime"));
    Files.writeString(home.resolve("runtime/version.info"), "no version here\n");
    Files.createDirectories(home.resolve("compiler"));
    Files.writeString(
        home.resolve("compiler/version.info"), "version_dir=8.5.0\nVersion=8.5.0.alpha001\n");

    VersionFiles.Found found = VersionFiles.read(List.of(home)).orElseThrow();

    assertThat(found.version()).isEqualTo(new CannVersion(8, 5, 0, "8.5.0.alpha001"));
    assertThat(found.source()).isEqualTo(home.resolve("compiler/version.info").toString());
  }
}
