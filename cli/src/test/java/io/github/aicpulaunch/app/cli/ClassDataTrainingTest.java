package io.github.aicpulaunch.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The launcher's class-data archive (issue 18): its training run exercises the common commands,
 * each as a user would run it, and the libraries the CLI bundles are class files a Java 17 archive
 * holds.
 */
class ClassDataTrainingTest {
  @Test
  @DisplayName(
      "the training run's commands all succeed, its output is discarded and its folder is gone")
  void trainingRunsEveryCommand() throws IOException {
    Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
    long before = trainingFolders(tmp);
    PrintStream out = System.out;
    PrintStream err = System.err;

    assertThat(ClassDataTraining.train()).isEqualTo(ExitCodes.OK);

    assertThat(System.out).isSameAs(out);
    assertThat(System.err).isSameAs(err);
    assertThat(trainingFolders(tmp)).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "picocli and javax.inject are bundled as Java 17 class files (Java 5 ones are never archived)")
  void bundledLibrariesAreJava17ClassFiles() throws IOException {
    for (String cls :
        new String[] {
          "picocli/CommandLine.class",
          "picocli/CommandLine$Model$CommandSpec.class",
          "picocli/AutoComplete.class",
          "javax/inject/Provider.class"
        }) {
      assertThat(majorVersion(cls)).as(cls).isEqualTo(61);
    }
  }

  /** The class file's major version, read from the first resource of that name on the classpath. */
  private static int majorVersion(String resource) throws IOException {
    try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      byte[] header = in.readNBytes(8);
      assertThat(header).startsWith(0xCA, 0xFE, 0xBA, 0xBE);
      return (header[6] & 0xff) << 8 | (header[7] & 0xff);
    }
  }

  private static long trainingFolders(Path tmp) throws IOException {
    try (Stream<Path> s = Files.list(tmp)) {
      return s.filter(p -> p.getFileName().toString().startsWith("aicpu-launch-training-")).count();
    }
  }
}
