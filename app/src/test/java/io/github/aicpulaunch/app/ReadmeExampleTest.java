package io.github.aicpulaunch.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's library example is what a user copies, so it must compile against the library as it
 * is, with the imports it shows, and do what it says: every fenced {@code java} block of README.md
 * is compiled as a complete source file against the library's main classpath (this module's classes
 * and its compile dependencies, no test class), then run on the packaged example vector runtime.
 */
class ReadmeExampleTest {
  private static final Pattern JAVA_BLOCK = Pattern.compile("(?s)```java\\n(.*?)```");
  private static final Pattern CLASS_NAME = Pattern.compile("public class (\\w+)");

  @TempDir Path tmp;

  @Test
  void theLibraryExampleCompilesAndRuns() throws Exception {
    List<String> blocks = javaBlocks();
    assertThat(blocks).as("fenced java blocks in README.md").hasSize(1);
    String source = blocks.get(0);
    Matcher name = CLASS_NAME.matcher(source);
    assertThat(name.find()).as("the README example declares a public class").isTrue();

    Path classes = compile(name.group(1), source);

    Path so = TestSos.packaged(tmp, TestSos.VECTOR);
    String out = run(classes, name.group(1), so.toString());
    // Only the simulator is here, so auto(..) says so; the last element is 1023 + 0.5.
    assertThat(out).contains("so the simulator runs instead").contains("out[1023] = 1023.5");
  }

  private static List<String> javaBlocks() throws IOException {
    Path readme = Path.of(System.getProperty("aicpu.testdata")).getParent().resolve("README.md");
    Matcher m = JAVA_BLOCK.matcher(Files.readString(readme));
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    return blocks;
  }

  private Path compile(String className, String source) throws IOException {
    Path src = Files.createDirectories(tmp.resolve("src")).resolve(className + ".java");
    Files.writeString(src, source);
    Path classes = Files.createDirectories(tmp.resolve("classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, null, null)) {
      List<String> options =
          List.of(
              "--release",
              "17",
              "-classpath",
              String.join(File.pathSeparator, libraryClasspath()),
              "-d",
              classes.toString());
      boolean ok =
          javac
              .getTask(null, files, diagnostics, options, null, files.getJavaFileObjects(src))
              .call();
      StringBuilder report = new StringBuilder();
      for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
        report
            .append(d.getLineNumber())
            .append(": ")
            .append(d.getMessage(Locale.ROOT))
            .append('\n');
      }
      assertThat(ok).as("README.md's example compiles:%n%s", report).isTrue();
    }
    return classes;
  }

  /** This module's main classes and the jars of its compile scope; nothing test-only. */
  private static List<String> libraryClasspath() {
    List<String> path = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String e = entry.replace('\\', '/');
      boolean testOnly =
          e.endsWith("/test-classes")
              || e.endsWith("-tests.jar")
              || Arrays.stream(
                      new String[] {
                        "/org/junit/",
                        "/org/assertj/",
                        "/org/opentest4j/",
                        "/org/apiguardian/",
                        "/org/slf4j/slf4j-simple/",
                        "/net/bytebuddy/",
                        "/org/apache/maven/"
                      })
                  .anyMatch(e::contains);
      if (!testOnly) {
        path.add(entry);
      }
    }
    return path;
  }

  private static String run(Path classes, String className, String arg) throws Exception {
    PrintStream old = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    try (URLClassLoader loader =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ReadmeExampleTest.class.getClassLoader())) {
      Method main = loader.loadClass(className).getMethod("main", String[].class);
      System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
      main.invoke(null, (Object) new String[] {arg});
    } finally {
      System.setOut(old);
    }
    return captured.toString(StandardCharsets.UTF_8);
  }
}
