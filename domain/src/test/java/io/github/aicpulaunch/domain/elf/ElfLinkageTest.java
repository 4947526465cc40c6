package io.github.aicpulaunch.domain.elf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ElfReader#readLinkage} against GNU readelf (the independent source) on shared objects the
 * host's compiler builds here: DT_NEEDED, undefined symbols with their versions, exported data.
 */
class ElfLinkageTest {
  @TempDir Path tmp;

  private Path build(String name, String source, String... flags) throws Exception {
    Path c = Files.writeString(tmp.resolve(name + ".c"), source);
    Path so = tmp.resolve("lib" + name + ".so");
    List<String> cmd = new ArrayList<>(List.of("cc", "-shared", "-fPIC", "-o", so.toString()));
    cmd.add(c.toString());
    cmd.addAll(List.of(flags));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
    return so;
  }

  private static Set<String> asReadelfPrints(ElfLinkage l) {
    return l.imports().stream()
        .map(
            i ->
                (i.weak() ? "weak " : "")
                    + i.name()
                    + (i.version() == null ? "" : "@" + i.version()))
        .collect(Collectors.toSet());
  }

  @Test
  @DisplayName("needed libraries, versioned and weak imports and data exports match readelf")
  void matchesReadelf() throws Exception {
    assumeTrue(Readelf.available(), "readelf (binutils) is the independent source");
    Path so =
        build(
            "linkage",
            "#include <math.h>\n"
                + "#include <string.h>\n"
                + "void DlogRecord(int m, int l, const char *f, ...);\n"
                + "extern int maybe_there(void) __attribute__((weak));\n"
                + "int table[4] = {1, 2, 3, 4};\n"
                + "double f(double x, char *p) {\n"
                + "  DlogRecord(3, 1, \"x\"); memset(p, 0, 4);\n"
                + "  return cos(x) + (maybe_there ? maybe_there() : 0); }\n",
            "-lm");
    ElfLinkage l = ElfReader.readLinkage(so);
    assertThat(l.needed()).isEqualTo(Readelf.needed(so)).contains("libm.so.6", "libc.so.6");
    assertThat(asReadelfPrints(l)).isEqualTo(Readelf.imports(so));
    assertThat(asReadelfPrints(l)).contains("DlogRecord", "weak maybe_there");
    assertThat(l.imports())
        .filteredOn(i -> i.name().equals("cos"))
        .singleElement()
        .satisfies(i -> assertThat(i.library()).isEqualTo("libm.so.6"));
    assertThat(Set.copyOf(l.exportedData())).isEqualTo(Readelf.exportedData(so)).contains("table");
    assertThat(l.versionNeeds())
        .extracting(ElfLinkage.VersionNeed::file)
        .contains("libm.so.6", "libc.so.6");
    // The same facts from a buffer as from the file.
    assertThat(ElfReader.readLinkage(java.nio.ByteBuffer.wrap(Files.readAllBytes(so))))
        .isEqualTo(l);
  }

  @Test
  @DisplayName("an object without a dynamic section needs and exports nothing")
  void noDynamicSection() throws Exception {
    Path c = Files.writeString(tmp.resolve("plain.c"), "int plain(void) { return 1; }\n");
    Path o = tmp.resolve("plain.o");
    Process p = new ProcessBuilder("cc", "-c", "-o", o.toString(), c.toString()).start();
    assertThat(p.waitFor()).isZero();
    ElfLinkage l = ElfReader.readLinkage(o);
    assertThat(l.needed()).isEmpty();
    assertThat(l.imports()).isEmpty();
    assertThat(l.exportedData()).isEmpty();
  }
}
