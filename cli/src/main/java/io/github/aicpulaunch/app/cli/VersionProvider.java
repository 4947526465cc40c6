package io.github.aicpulaunch.app.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** Reads the version Maven filtered into {@code version.properties}. */
final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "aicpu-launch " + projectVersion(),
      "Java " + System.getProperty("java.version") + " on " + System.getProperty("os.arch")
    };
  }

  static String projectVersion() {
    Properties p = new Properties();
    try (InputStream in =
        VersionProvider.class.getResourceAsStream(
            "/io/github/aicpulaunch/app/version.properties")) {
      if (in == null) {
        return "unknown";
      }
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the packaged version", e);
    }
    return p.getProperty("version", "unknown");
  }
}
