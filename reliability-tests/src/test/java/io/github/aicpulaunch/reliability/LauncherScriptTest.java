package io.github.aicpulaunch.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * Issue 18: the {@code aicpu-launch} script keeps what it learnt on one start for the next (the
 * source tree it walked, the real path of a {@code java} link) and must still rebuild whenever a
 * source changed and name the archive after the JVM that runs. Runs a copy of the script in a
 * repository of its own whose {@code mvnw}, {@code java} and {@code readlink} write what they were
 * asked into a log instead of building or running anything.
 */
class LauncherScriptTest {
  @TempDir Path tmp;
  private Path repo;
  private Path log;
  private Path javaHome;
  private Path source;

  @BeforeEach
  void fakeRepository() throws IOException {
    repo = Files.createDirectory(tmp.resolve("repo"));
    log = tmp.resolve("calls.log");
    Files.createFile(log);
    Path script = Path.of(System.getProperty("aicpu.testdata")).getParent().resolve("aicpu-launch");
    executable(repo.resolve("aicpu-launch"), Files.readString(script));
    // A build that succeeds: it writes the jar anew, as `mvnw package` does.
    executable(
        repo.resolve("mvnw"),
        "#!/bin/sh\necho build >>'" + log + "'\ntouch cli/target/aicpu-launch.jar\n");
    Files.writeString(repo.resolve("pom.xml"), "<project/>");
    Files.createDirectories(repo.resolve("domain/src/main/java/a"));
    Files.writeString(repo.resolve("domain/pom.xml"), "<project/>");
    source = repo.resolve("domain/src/main/java/a/A.java");
    Files.writeString(source, "class A {}");
    Files.createDirectories(repo.resolve("cli/target"));
    Files.writeString(repo.resolve("cli/target/aicpu-launch.jar"), "jar");
    javaHome = fakeJdk("jdk-a", "17.0.1+1");
    Path bin = Files.createDirectory(tmp.resolve("bin"));
    executable(
        bin.resolve("readlink"),
        "#!/bin/sh\necho readlink >>'" + log + "'\nexec /usr/bin/readlink \"$@\"\n");
    // Sources written an hour before the jar, as after a build.
    Instant earlier = Instant.now().minus(2, ChronoUnit.HOURS);
    try (var walk = Files.walk(repo)) {
      for (Path p : walk.toList()) {
        Files.setLastModifiedTime(p, FileTime.from(earlier));
      }
    }
    Files.setLastModifiedTime(
        repo.resolve("cli/target/aicpu-launch.jar"),
        FileTime.from(Instant.now().minus(1, ChronoUnit.HOURS)));
  }

  @Test
  @DisplayName(
      "an up-to-date jar runs without a build, and the walk it kept serves the next start, which"
          + " still rebuilds after a source is edited")
  void editedSourceRebuildsAfterTheKeptWalk() throws Exception {
    assertThat(run(repo)).containsExactly("java");
    assertThat(repo.resolve("cli/target/aicpu-launch.sources")).isNotEmptyFile();
    assertThat(run(repo)).containsExactly("java");

    Files.writeString(source, "class A { int edited; }");
    assertThat(run(repo)).containsExactly("build", "java");
    assertThat(run(repo)).containsExactly("java");
  }

  @Test
  @DisplayName("a file added to a source directory after the walk was kept rebuilds")
  void addedSourceRebuilds() throws Exception {
    assertThat(run(repo)).containsExactly("java");
    Files.writeString(source.resolveSibling("B.java"), "class B {}");
    assertThat(run(repo)).containsExactly("build", "java");
  }

  @Test
  @DisplayName(
      "a directory that changed without a newer file (an editor's swap file come and gone) walks"
          + " again but builds nothing")
  void changedDirectoryWithoutNewerFileDoesNotBuild() throws Exception {
    assertThat(run(repo)).containsExactly("java");
    Path swap = source.resolveSibling(".A.java.swp");
    Files.writeString(swap, "swap");
    Files.delete(swap);
    Path sources = repo.resolve("cli/target/aicpu-launch.sources");
    Files.setLastModifiedTime(sources, FileTime.from(Instant.now().minus(10, ChronoUnit.MINUTES)));
    assertThat(run(repo)).containsExactly("java");
    assertThat(Files.getLastModifiedTime(sources).toInstant())
        .as("the walk is kept anew")
        .isAfter(Files.getLastModifiedTime(source.getParent()).toInstant());
    assertThat(run(repo)).containsExactly("java");
  }

  @Test
  @DisplayName("a repository moved elsewhere with its build still rebuilds after an edit")
  void movedRepositoryStillSeesEdits() throws Exception {
    assertThat(run(repo)).containsExactly("java");
    Path moved = Files.move(repo, tmp.resolve("moved"));
    assertThat(run(moved)).containsExactly("java");
    Files.writeString(moved.resolve("domain/src/main/java/a/A.java"), "class A { int x; }");
    assertThat(run(moved)).containsExactly("build", "java");
  }

  @Test
  @DisplayName(
      "a java that is a symbolic link is resolved once, the archive named after its target's"
          + " path and build, and resolved again when the link is switched to another JVM")
  void linkedJavaIsResolvedOnceAndAgainWhenSwitched() throws Exception {
    Path other = fakeJdk("jdk-b", "17.0.2+8");
    Path alternatives = Files.createDirectories(tmp.resolve("alternatives/bin"));
    Path link =
        Files.createSymbolicLink(alternatives.resolve("java"), javaHome.resolve("bin/java"));
    Path home = alternatives.getParent();

    List<String> first = run(repo, home);
    assertThat(first).containsExactly("readlink", "java");
    assertThat(lastArchive()).contains("jdk-a_bin_java-17.0.1+1");
    assertThat(run(repo, home)).as("the kept answer").containsExactly("java");
    assertThat(lastArchive()).contains("jdk-a_bin_java-17.0.1+1");

    Files.delete(link);
    Files.createSymbolicLink(link, other.resolve("bin/java"));
    assertThat(run(repo, home)).containsExactly("readlink", "java");
    assertThat(lastArchive()).contains("jdk-b_bin_java-17.0.2+8");
    assertThat(run(repo, home)).containsExactly("java");
  }

  @Test
  @DisplayName(
      "the JVM gets transparent huge pages exactly when the kernel offers them (madvise or always),"
          + " and so never a warning that it does not")
  void hugePagesWhereTheKernelOffersThem() throws Exception {
    assertThat(run(repo)).containsExactly("java");
    Path thp = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    String setting = Files.isReadable(thp) ? Files.readString(thp) : "";
    boolean offered = setting.contains("[always]") || setting.contains("[madvise]");
    List<String> lines = Files.readAllLines(log);
    assertThat(lines.get(lines.size() - 1).split(" "))
        .as("the JVM's options, with the kernel's setting %s", setting.strip())
        .contains("-jar")
        .matches(
            words -> List.of(words).contains("-XX:+UseTransparentHugePages") == offered,
            "has -XX:+UseTransparentHugePages exactly when offered (" + offered + ")");
  }

  /** A JDK whose java logs the command it was to run and writes any archive it is asked for. */
  private Path fakeJdk(String name, String build) throws IOException {
    Path home = Files.createDirectories(tmp.resolve(name));
    Files.writeString(home.resolve("release"), "JAVA_RUNTIME_VERSION=\"" + build + "\"\n");
    executable(
        Files.createDirectories(home.resolve("bin")).resolve("java"),
        "#!/bin/sh\n"
            + "for a in \"$@\"; do\n"
            + "  case \"$a\" in -XX:ArchiveClassesAtExit=*) echo archive >\"${a#*=}\"; exit 0;;"
            + " esac\n"
            + "done\n"
            + "echo \"java $*\" >>'"
            + log
            + "'\n");
    return home;
  }

  private List<String> run(Path root) throws Exception {
    return run(root, javaHome);
  }

  /**
   * Runs {@code root}'s script with {@code JAVA_HOME=home} and returns what it called, in order:
   * {@code build}, {@code readlink}, {@code java} (the training run is not listed).
   */
  private List<String> run(Path root, Path home) throws Exception {
    long before = Files.readAllLines(log).size();
    ProcessBuilder pb =
        new ProcessBuilder(root.resolve("aicpu-launch").toString(), "--version")
            .redirectErrorStream(true);
    pb.environment().put("JAVA_HOME", home.toString());
    pb.environment().put("PATH", tmp.resolve("bin") + ":" + System.getenv("PATH"));
    pb.environment().remove("AICPU_LAUNCH_JAVA_OPTS");
    Process p = pb.start();
    String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(output).isZero();
    return Files.readAllLines(log).stream().skip(before).map(l -> l.split(" ", 2)[0]).toList();
  }

  /** The archive the last java was started with. */
  private String lastArchive() throws IOException {
    List<String> lines = Files.readAllLines(log);
    String last = lines.get(lines.size() - 1);
    assertThat(last).startsWith("java ").contains("-jar");
    for (String word : last.split(" ")) {
      if (word.startsWith("-XX:SharedArchiveFile=")) {
        return word;
      }
    }
    throw new AssertionError("no archive in: " + last);
  }

  @Test
  @DisplayName(
      "the script watches the sources of exactly the modules the CLI jar is built from (cli and"
          + " every project module it depends on, read from the poms)")
  void walkCoversEveryModuleOfTheJar() throws Exception {
    Path root = Path.of(System.getProperty("aicpu.testdata")).getParent();
    String script = Files.readString(root.resolve("aicpu-launch"));
    Matcher m = Pattern.compile("\"\\$root\"/\\{([a-z0-9,-]+)\\}/src/main/").matcher(script);
    assertThat(m.find()).as("the script's list of module directories").isTrue();
    Set<String> walked = new TreeSet<>(List.of(m.group(1).split(",")));

    // Each module directory's artifact id and the project artifacts it needs at run time.
    Element parent = pom(root.resolve("pom.xml"));
    String group = text(child(parent, "parent"), "groupId"); // inherited from the BOM
    Map<String, String> dirOf = new HashMap<>();
    Map<String, List<String>> needs = new HashMap<>();
    NodeList modules = parent.getElementsByTagName("module");
    for (int i = 0; i < modules.getLength(); i++) {
      String dir = modules.item(i).getTextContent().strip();
      Element pom = pom(root.resolve(dir).resolve("pom.xml"));
      String artifact = text(pom, "artifactId");
      dirOf.put(artifact, dir);
      List<String> deps = new ArrayList<>();
      Element dependencies = child(pom, "dependencies");
      if (dependencies != null) {
        for (Element d : children(dependencies, "dependency")) {
          String scope = text(d, "scope");
          if (group.equals(text(d, "groupId")) && !"test".equals(scope)) {
            deps.add(text(d, "artifactId"));
          }
        }
      }
      needs.put(artifact, deps);
    }
    Set<String> closure = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of("aicpu-launch-cli"));
    while (!todo.isEmpty()) {
      String artifact = todo.pop();
      if (closure.add(dirOf.get(artifact))) {
        needs.get(artifact).forEach(todo::push);
      }
    }
    assertThat(walked).isEqualTo(closure);
  }

  private static Element pom(Path file) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
  }

  /** The direct child {@code name} of {@code e}, or null. */
  private static Element child(Element e, String name) {
    List<Element> found = children(e, name);
    return found.isEmpty() ? null : found.get(0);
  }

  private static List<Element> children(Element e, String name) {
    List<Element> found = new ArrayList<>();
    for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element c && c.getTagName().equals(name)) {
        found.add(c);
      }
    }
    return found;
  }

  /** The text of the direct child {@code name} of {@code e}, or null. */
  private static String text(Element e, String name) {
    Element c = child(e, name);
    return c == null ? null : c.getTextContent().strip();
  }

  private static void executable(Path file, String text) throws IOException {
    Files.writeString(file, text);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
  }
}
